/**
 * How the campaign runs the command line as a user the mode bits apply to. Root reads and writes
 * anything, so when the suite runs as root (as in CI) the CLI runs under setpriv with
 * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from its bounding set: the kernel then checks
 * the mode bits as for an ordinary user, wherever the checkout lives (`nobody` might not reach it).
 */
export const AS_ROOT = process.getuid?.() === 0;

/** The command and first arguments that start `node` so; append the script and its arguments. */
export const WITHOUT_ROOT: readonly string[] = AS_ROOT ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--', process.execPath] : [process.execPath];
