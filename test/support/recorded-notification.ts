// For main/os tests: a notification double that records what it said and whether it was shown;
// emit('click') plays the merchant's click.
import { EventEmitter } from 'node:events';
import type { NotificationLike } from '../../main/os';

export class RecordedNotification extends EventEmitter implements NotificationLike {
  shown = false;
  constructor(readonly text: { title: string; body: string }) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}
