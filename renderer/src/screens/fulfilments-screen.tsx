import { EmptyState } from '../components/empty-state';

export function FulfilmentsScreen() {
  return (
    <>
      <h1>Fulfilments</h1>
      <EmptyState title="Nothing to fulfil yet">
        <p>
          When a customer pays through one of your links, the sale appears here with their email and
          what they bought, so you can deliver it and mark it as fulfilled.
        </p>
        <p>Sales are kept on this computer, so this list stays readable even without a network.</p>
      </EmptyState>
    </>
  );
}
