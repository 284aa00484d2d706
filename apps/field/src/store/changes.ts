/**
 * "Something in the phone's store changed": the screens reload their snapshot. Other tabs of the
 * app hear it through a BroadcastChannel.
 */
type Listener = () => void;
const listeners = new Set<Listener>();
const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('fieldkeep-field-store');
if (channel) channel.onmessage = () => listeners.forEach((l) => l());

export function onStoreChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function notifyStoreChange(): void {
  listeners.forEach((l) => l());
  channel?.postMessage('changed');
}
