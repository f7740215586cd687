import { useRef, useState, type FormEvent } from 'react';
import { BusyButton } from '../components/busy-button';
import { SelectField } from '../components/choice-fields';
import { ErrorNotice, MessageNotice } from '../components/error-notice';
import { TextField } from '../components/text-field';
import { formErrors, noFormErrors, type FormErrors } from '../errors';
import { useEvent } from '../hooks/use-event';
import { useFocusFirstInvalid } from '../hooks/use-focus-first-invalid';
import { useFollowedRead } from '../hooks/use-followed-read';
import { useInvoke } from '../hooks/use-invoke';
import { useProducts } from '../links/use-products';

const fields = ['productCode', 'keys'] as const;

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The licence key pools per product, and a box to paste more keys into. */
export function LicenceKeys() {
  const pools = useFollowedRead('keys.list', {});
  useEvent('keys.low', pools.reload);
  // A sale that took a key changes the counts.
  useEvent('jobs.changed', pools.reload);
  const { products } = useProducts();
  const add = useInvoke('keys.add');
  const [productCode, setProductCode] = useState('');
  const [pasted, setPasted] = useState('');
  const [result, setResult] = useState<string | null>(null);
  // Sales the last add sent back to the queue: this app's worker delivers them now.
  const [waitingSales, setWaitingSales] = useState(0);
  const errors: FormErrors<(typeof fields)[number]> = add.error
    ? formErrors(add.error, fields)
    : noFormErrors;
  const list = pools.data ?? [];
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, add.error);

  const options = [
    { value: '', label: 'Choose a product' },
    ...products.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
    ...list
      .filter((pool) => !products.some((p) => p.code === pool.productCode))
      .map((pool) => ({ value: pool.productCode, label: pool.productName ?? pool.productCode })),
  ];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setResult(null);
    setWaitingSales(0);
    const keys = pasted.split(/\r?\n/).filter((line) => line.trim() !== '');
    const outcome = await add.run({ productCode, keys });
    if (!outcome.ok) return;
    const { added, skipped } = outcome.value;
    setWaitingSales(outcome.value.waitingSales);
    setResult(
      `Added ${plural(added, 'key', 'keys')}` +
        (skipped > 0
          ? `; skipped ${plural(skipped, 'key', 'keys')} already in the pool or pasted twice.`
          : '.'),
    );
    setPasted('');
    pools.reload();
  }

  return (
    <section className="fulfilment-part" aria-labelledby="keys-heading">
      <h3 id="keys-heading">Licence keys</h3>
      <p className="section-intro">
        A rule that uses licence keys gives each sale the next free key of its product.
      </p>
      <ErrorNotice error={pools.error} />
      {pools.data !== undefined && list.length === 0 ? <p className="muted">No keys yet.</p> : null}
      {list.length > 0 ? (
        <ul className="pool-list" aria-label="Key pools">
          {list.map((pool) => (
            <li key={pool.productCode} className="list-card rule-row">
              <strong>{pool.productName ?? pool.productCode}</strong>{' '}
              {`${plural(pool.free, 'key', 'keys')} free, ${pool.taken.toLocaleString()} taken`}
              {pool.low ? (
                <span className="pool-low">
                  {' '}
                  — running low: add more before sales have none to take
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="save-status" role="status">
        {waitingSales > 0
          ? `${plural(waitingSales, 'waiting sale is', 'waiting sales are')} tried again now; any still short of keys waits for more.`
          : ''}
      </p>
      <form
        ref={formRef}
        className="card settings-form"
        onSubmit={submit}
        noValidate
        aria-busy={add.busy}
      >
        <MessageNotice message={errors.general} />
        <SelectField
          label="Product"
          name="productCode"
          value={productCode}
          options={options}
          onChange={setProductCode}
          error={errors.fields.productCode}
        />
        <TextField
          multiline
          label="Keys, one per line"
          name="keys"
          rows={5}
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
          error={errors.fields.keys}
          hint="Blank lines and keys already in the pool are skipped."
        />
        <div className="form-actions">
          <BusyButton type="submit" className="button button-primary" waiting={add.busy}>
            {add.busy ? 'Adding…' : 'Add keys'}
          </BusyButton>
          <p className="save-status" role="status">
            {result ?? ''}
          </p>
        </div>
      </form>
    </section>
  );
}
