export function BridgeMissingScreen() {
  return (
    <main className="fatal">
      <h1>Checkout Console cannot start</h1>
      <p>
        This window is not connected to the console’s background service, so it cannot show your
        links or sales.
      </p>
      <p>
        Close it and open Checkout Console again. If you opened this page in a browser, use the app
        instead.
      </p>
    </main>
  );
}
