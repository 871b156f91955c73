/**
 * Answers that need no pipeline: `seglab --version` and `seglab <command> --help`. bin/seglab.js asks
 * here first, so these print in milliseconds instead of loading TensorFlow.js, Danfo and every stage
 * (lib/cli/main.ts imports them all). main() gives the same answers for callers that import it.
 */
import { commandHelp, isCommand, versionLine, wantsHelp } from './help';

/**
 * The text to print for argv when it is a version or command-help request, else null.
 * @example quickAnswer(['--version']) // "seglab 0.1.0 (Node v20...)"
 */
export function quickAnswer(argv: readonly string[]): string | null {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') return versionLine();
  if (isCommand(command) && wantsHelp(rest)) return commandHelp(command);
  return null;
}
