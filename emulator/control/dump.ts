/** The whole emulated state as JSON (GET /_emulator/state): Maps become objects, times ISO strings. */
import type { VirtualClock } from '../clock.js';
import { nativeStore } from '../ecs/native/store.js';
import type { EmulatorState } from '../state.js';

export function dumpState(state: EmulatorState, clock: VirtualClock): unknown {
  const plain = (value: unknown): unknown => {
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
    if (value instanceof Set) return [...value].map(plain);
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    }
    return value;
  };
  return {
    clock: { now: new Date(clock.now()).toISOString(), speed: clock.speed },
    ...(plain(state) as object),
    ecsNative: plain(nativeStore(state)),
  };
}
