import type { DeliveryJob, DeliveryRule } from '../../../preload/contract-delivery';
import { BusyButton } from '../components/busy-button';
import { ErrorNotice } from '../components/error-notice';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { useHeadingWhenRowLeaves } from '../hooks/use-focus-when-row-leaves';
import { useGoneNotice } from '../hooks/use-gone-notice';
import { useInvoke } from '../hooks/use-invoke';
import { CopyText } from '../status/copy-text';
import { actionsOn, deliveryLine } from './job-words';
import { useSaleDeliveries } from './use-sale-deliveries';
import './delivery.css';

/**
 * The sale's automatic deliveries and the licence keys it took, live as main tries them.
 * `saleFulfilled`: marked fulfilled (by hand, when any is left to do), which holds the rest.
 */
export function SaleDeliveries({
  saleId,
  saleFulfilled,
}: {
  saleId: number;
  saleFulfilled: boolean;
}) {
  const { jobs, keys, ruleOf, replace } = useSaleDeliveries(saleId);
  const items = jobs.data?.items;
  // After a refused Retry or Mark done the row keeps main's words back while the deliveries are
  // read again: said once, by the row if it stays, by the section if it went.
  const gone = useGoneNotice((id) => items?.some((j) => j.id === id) ?? false, items, jobs.loading);
  const taken = keys.data ?? [];
  // A focused delivery's row can leave (main dropped it, say with a backup restored): the focus
  // goes to the heading, not <body>.
  const { heading, listFocus } = useHeadingWhenRowLeaves<HTMLHeadingElement>(items);
  return (
    <section className="sale-deliveries" aria-labelledby="sale-deliveries-heading">
      <h3 id="sale-deliveries-heading" ref={heading} tabIndex={-1}>
        Delivery
      </h3>
      <ErrorNotice error={jobs.error} />
      {gone.notice}
      {items === undefined ? (
        jobs.error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : items.length === 0 ? (
        // A delivery that went with its sale leaves no rows: the notice says what happened.
        gone.notice === null ? (
          <p className="muted">No fulfilment rule applies to this sale: deliver it by hand.</p>
        ) : null
      ) : (
        <ul className="delivery-list" aria-label="Deliveries" {...listFocus}>
          {items.map((job) => (
            <DeliveryRow
              key={job.id}
              job={job}
              rule={ruleOf(job)}
              saleFulfilled={saleFulfilled}
              held={gone.held(job.id)}
              onChanged={(changed) => {
                gone.clear();
                replace(changed);
              }}
              onFailed={(error) => {
                gone.failed(job.id, error);
                jobs.reload();
              }}
            />
          ))}
        </ul>
      )}
      {taken.length > 0 ? (
        <>
          <h3>Licence keys</h3>
          <ul className="sale-keys" aria-label="Licence keys">
            {taken.map((k) => (
              <li key={`${k.productCode} ${k.key}`}>
                <span className="muted" title={k.productName ? k.productCode : undefined}>
                  {k.productName ?? k.productCode}
                </span>{' '}
                <CopyText text={k.key} label="Copy key" />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ErrorNotice error={keys.error} />
    </section>
  );
}

function DeliveryRow(props: {
  job: DeliveryJob;
  rule: DeliveryRule | undefined;
  saleFulfilled: boolean;
  /** The section reads its deliveries again after this row's refusal, which waits (said once). */
  held: boolean;
  onChanged(job: DeliveryJob): void;
  /** Main refused Retry or Mark done: the delivery may have changed or gone, so read them again. */
  onFailed(error: unknown): void;
}) {
  const { job } = props;
  const retry = useInvoke('jobs.retry');
  const markDone = useInvoke('jobs.markDone');
  const busy = retry.busy || markDone.busy;
  const can = actionsOn(job, props.saleFulfilled);
  const actionable = can.retry || can.markDone;
  // Both buttons go once the delivery is done: the focus then rests on the line saying so.
  const [focusRef, started] = useFocusAfterAction<HTMLElement>(busy);

  const hold = (el: HTMLElement | null) => {
    focusRef.current = el;
  };

  async function act(invoker: typeof retry | typeof markDone) {
    started();
    const outcome = await invoker.run({ id: job.id });
    if (outcome.ok) props.onChanged(outcome.value);
    else props.onFailed(outcome.error);
  }

  return (
    <li className={`delivery-row delivery-${job.status}`}>
      <p
        className="delivery-line"
        ref={actionable ? undefined : hold}
        tabIndex={actionable ? undefined : -1}
      >
        {deliveryLine(job, props.rule, undefined, props.saleFulfilled)}
      </p>
      <p className="muted delivery-rule">Rule “{job.ruleName}”</p>
      {actionable ? (
        <div className="form-actions">
          {/* Waiting, not disabled: the pressed button keeps the focus while main answers. */}
          {can.retry ? (
            <BusyButton
              ref={hold}
              className="button"
              waiting={busy}
              onClick={() => void act(retry)}
            >
              {retry.busy ? 'Retrying…' : 'Retry'}
            </BusyButton>
          ) : null}
          {can.markDone ? (
            <BusyButton
              ref={can.retry ? undefined : hold}
              className="button"
              waiting={busy}
              onClick={() => void act(markDone)}
            >
              {markDone.busy ? 'Saving…' : 'Mark done'}
            </BusyButton>
          ) : null}
        </div>
      ) : null}
      {props.held ? null : <ErrorNotice error={retry.error ?? markDone.error} />}
    </li>
  );
}
