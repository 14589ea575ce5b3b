/** A client for the control API (`/_emulator/...`), for tests, benchmarks and the demo. */
export type ControlCall = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

export function controlClient(emulatorUrl: string): ControlCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulatorUrl}/_emulator/${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const json = await res.json();
    if (!res.ok)
      throw new Error(`control ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  };
}
