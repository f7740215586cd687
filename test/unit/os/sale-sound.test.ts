// When main asks the page to play the sale chime: only for new paid sales, only when the
// merchant said yes, once per batch, never twice for the same sale.
import { describe, expect, it } from 'vitest';
import { startSaleSound } from '../../../main/os';
import type { EventName, Fulfillment, Settings } from '../../../preload/contract';
import { fakeOsConsole } from '../../support/fake-os-console';
import { saleFixture } from '../../support/fulfillment-fixture';

const NOW = new Date('2026-11-28T12:00:00.000Z');

const sale = (id: number, over: Partial<Fulfillment> = {}): Fulfillment =>
  saleFixture({ id, receivedAt: `2026-11-28T11:5${id % 10}:00.000Z`, ...over });

function harness(saleSound: boolean | null, sales: Fulfillment[]) {
  const emitted: Array<{ name: EventName; payload: unknown }> = [];
  const fake = fakeOsConsole({
    'settings.get': async () => ({ saleSound }) as Settings,
    'fulfillments.get': async ({ id }) => {
      const found = sales.find((s) => s.id === id);
      if (!found) throw new Error('gone');
      return found;
    },
  });
  const sound = startSaleSound({
    console: fake.console,
    emit: (name, payload) => emitted.push({ name, payload }),
    now: () => NOW,
  });
  return { sound, emitted, emit: fake.emit };
}

describe('the sale sound', () => {
  it('asks the page to chime once for a batch of new sales, naming the newest', async () => {
    const { sound, emitted, emit } = harness(true, [sale(1), sale(3), sale(2)]);
    emit('fulfillments.changed', { ids: [1, 3, 2] });
    await sound.whenIdle();
    expect(emitted).toEqual([{ name: 'desk.saleSound', payload: { id: 3 } }]);

    // The same sale changing again (delivered, a note) does not chime again.
    emit('fulfillments.changed', { ids: [3] });
    await sound.whenIdle();
    expect(emitted).toHaveLength(1);
  });

  it('stays silent until the merchant said yes, and when they said no', async () => {
    for (const choice of [null, false]) {
      const { sound, emitted, emit } = harness(choice, [sale(1)]);
      emit('fulfillments.changed', { ids: [1] });
      await sound.whenIdle();
      expect(emitted).toEqual([]);
    }
  });

  it('never chimes for a delivered sale, history a sync caught up on, or one that is gone', async () => {
    const sales = [
      sale(1, { status: 'fulfilled' }),
      sale(2, { receivedAt: '2026-11-27T09:00:00.000Z' }),
    ];
    const { sound, emitted, emit } = harness(true, sales);
    emit('fulfillments.changed', { ids: [1, 2, 99] });
    await sound.whenIdle();
    expect(emitted).toEqual([]);
  });

  it('stops listening when stopped', async () => {
    const { sound, emitted, emit } = harness(true, [sale(1)]);
    sound.stop();
    emit('fulfillments.changed', { ids: [1] });
    await sound.whenIdle();
    expect(emitted).toEqual([]);
  });
});
