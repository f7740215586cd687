import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { hasBridge } from './bridge';
import { BridgeMissingScreen } from './screens/bridge-missing-screen';
import './styles/base.css';
import './styles/frame.css';
import './styles/forms.css';
import './styles/settings.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>{hasBridge() ? <App /> : <BridgeMissingScreen />}</StrictMode>,
);
