import { EmptyState } from '../components/empty-state';

export function LinksScreen() {
  return (
    <>
      <h1>Links</h1>
      <EmptyState title="No checkout links yet">
        <p>
          Checkout links you create for your customers will be listed here: who each one is for,
          what it sells, and whether it has been paid, failed or abandoned.
        </p>
        <p>
          Sending the same customer the same purchase twice reuses their open link instead of making
          a new one.
        </p>
      </EmptyState>
    </>
  );
}
