/**
 * The CLV fit started early, beside other stages (issue 15): `startClvFit` returns at once; its
 * `result()` is `fitClvFromInputs(customerIds, inputs)`, bit for bit. In a worker
 * (lib/parallel/background.ts) it runs as one task, or with `split` as two (the calibration fit
 * with its holdout check, and the rest) so the two BG/NBD fits use two threads as they do
 * in-process; in-process it runs when the result is first asked for. Errors are those of `fitClvFromInputs`, in its order (margin,
 * calibration fit, then the rest; the holdout check cannot fail on a summary with a holdout).
 */
import { runInBackground, type BackgroundHandle } from '../parallel/background';
import type { CalibrationCheck } from './calibration';
import { checkClvMargin, clvFitTaskOf, clvFitTasksOf, clvModelTask, clvValidationTask, fitClvFromInputs, joinClvFit, type ClvFit, type ClvInputs } from './stage';

export interface StartClvFitOptions {
  /** false: in-process, when the result is first asked for (on `threads` threads). */
  inWorker: boolean;
  /** Threads of the in-process fit (the result is the same for any value). */
  threads: number;
  /** Nice value added to the workers' threads (Linux). Default 0. */
  nice?: number;
  /**
   * true: two workers (calibration fit + holdout check, the rest), so the two BG/NBD fits run on two
   * threads as in-process; false: one worker, fits one after the other. Default false: at 200k
   * customers the second worker's heap lifted the run's peak RSS from about 1,440 to 1,544 MiB (issue 15).
   */
  split?: boolean;
}

/**
 * Starts the CLV fit; the caller may drop `inputs` afterwards (the workers have their copies).
 * @example const fit = startClvFit(ids, inputs, { inWorker: true, threads: 2, nice: 10 }); assembleClv(ids, segmentOf, await fit.result())
 */
export function startClvFit(customerIds: readonly string[], inputs: ClvInputs, options: StartClvFitOptions): BackgroundHandle<ClvFit> {
  if (!options.inWorker) return runInBackground(clvFitTaskOf(customerIds, inputs), (task) => fitClvFromInputs(task.customerIds, task.inputs, options.threads), { inWorker: false, lostStage: 'clv' });
  const settings = { lostStage: 'clv', nice: options.nice ?? 0 };
  // (A worker that cannot start falls back to the in-process fit, on `threads` threads.)
  if (!options.split) return runInBackground(clvFitTaskOf(customerIds, inputs), (task) => fitClvFromInputs(task.customerIds, task.inputs, options.threads), settings);
  const [validationTask, modelTask] = clvFitTasksOf(customerIds, inputs);
  const validation: BackgroundHandle<CalibrationCheck> | null = validationTask ? runInBackground(validationTask, clvValidationTask, settings) : null;
  const model = runInBackground(modelTask, clvModelTask, settings);
  const fitOptions = inputs.options;
  let promise: Promise<ClvFit> | null = null;
  const cancel = (): void => {
    validation?.cancel();
    model.cancel();
  };
  return {
    inWorker: model.inWorker,
    result: () =>
      (promise ??= (async () => {
        try {
          checkClvMargin(fitOptions);
          const check = validation ? await validation.result() : null;
          return joinClvFit(check, await model.result());
        } catch (e) {
          cancel();
          throw e;
        }
      })()),
    cancel,
  };
}
