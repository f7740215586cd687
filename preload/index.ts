// The Electron preload: the page gets `invoke` and `on` (preload/bridge.ts) and nothing
// else, never ipcRenderer, never the IPC event object.
import './zod-jitless';
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, forContextBridge } from './bridge';

contextBridge.exposeInMainWorld('checkoutConsole', forContextBridge(createBridge(ipcRenderer)));
