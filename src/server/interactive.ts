import type { FastifyReply } from 'fastify';

/**
 * Deadlines for interactive requests (issue 13, item 7). A check of a company can wait behind
 * Procore's rate limit for up to an hour; the person looking at the screen should not. So the
 * work runs as a "flight" shared by every request for the same key (a viewer's company):
 *
 * - a request waits for it at most `deadlineMs`, then answers "Procore is busy, we will keep
 *   checking" while the flight goes on; the screen asks again and joins the same flight, and a
 *   result that lands between two asks is kept for the next one;
 * - when every request waiting on a flight has gone (the browser closed or navigated away before
 *   we answered), the flight is cancelled: its pacer wait and in-flight Procore call end (the
 *   signal reaches `pacer.acquire` and `fetch`);
 * - a flight nobody waits for any more ends after `capMs` at most.
 */

/** The browser went away before we answered. */
export class ClientGoneError extends Error {
  constructor() {
    super('The browser went away before the answer was ready.');
    this.name = 'ClientGoneError';
  }
}

/** The request's deadline passed; the work goes on in the background. */
export class StillWorkingError extends Error {
  constructor() {
    super('Procore is busy; we will keep checking.');
    this.name = 'StillWorkingError';
  }
}

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
  /** Set when it settled while nobody waited: kept for the next request, once. */
  unclaimed: boolean;
  settled: boolean;
}

export interface FlightOptions {
  /** How long one request waits for the work. */
  deadlineMs: number;
  /** How long work may go on after everyone stopped waiting for it. */
  capMs: number;
  /** How long a result nobody was waiting for is kept for the next request. */
  keepMs: number;
}

export const DEFAULT_FLIGHT_OPTIONS: FlightOptions = {
  deadlineMs: 20_000,
  capMs: 10 * 60_000,
  keepMs: 60_000,
};

export function createFlights<T>(options: FlightOptions = DEFAULT_FLIGHT_OPTIONS) {
  const flights = new Map<string, Flight<T>>();

  function start(key: string, work: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const cap = setTimeout(
      () => controller.abort(new Error('interactive work took too long')),
      options.capMs,
    );
    cap.unref();
    const flight: Flight<T> = {
      controller,
      waiting: 0,
      unclaimed: false,
      settled: false,
      promise: work(controller.signal),
    };
    const forget = () => {
      if (flights.get(key) === flight) flights.delete(key);
    };
    flight.promise.then(
      () => {
        clearTimeout(cap);
        flight.settled = true;
        if (flight.waiting > 0) return forget();
        flight.unclaimed = true;
        setTimeout(forget, options.keepMs).unref();
      },
      () => {
        clearTimeout(cap);
        flight.settled = true;
        forget();
      },
    );
    flights.set(key, flight);
    return flight;
  }

  return {
    /** Cancels every flight (the server is shutting down). */
    abortAll(reason: Error) {
      for (const flight of flights.values()) flight.controller.abort(reason);
      flights.clear();
    },

    /**
     * The result of `work` for `key`, shared with any request already waiting for it. Throws
     * `StillWorkingError` after the deadline and `ClientGoneError` when the browser left.
     */
    async join(
      key: string,
      reply: FastifyReply,
      work: (signal: AbortSignal) => Promise<T>,
    ): Promise<T> {
      let flight = flights.get(key);
      if (flight?.unclaimed) {
        flights.delete(key);
        return flight.promise;
      }
      if (!flight) flight = start(key, work);
      const current = flight;
      current.waiting += 1;
      let timer: NodeJS.Timeout | undefined;
      let onClose: (() => void) | undefined;
      const stop = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StillWorkingError()), options.deadlineMs);
        onClose = () => {
          if (reply.raw.writableEnded) return;
          reject(new ClientGoneError());
          // The last one waiting left: nobody will read the answer.
          if (current.waiting === 1 && !current.settled)
            current.controller.abort(new ClientGoneError());
        };
        reply.raw.once('close', onClose);
      });
      try {
        return await Promise.race([current.promise, stop]);
      } finally {
        current.waiting -= 1;
        clearTimeout(timer);
        reply.raw.off('close', onClose!);
      }
    },
  };
}
