/** A mistake in how the command was called; exit code 2, message shown without a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An operating-system error: what Node's fs, net and child_process throw. */
export interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

/**
 * The operating-system error behind `error`: itself, or one that a library
 * (Eleventy wraps write errors twice) kept as `cause` or `originalError`.
 */
export function systemErrorOf(error: unknown): SystemError | undefined {
  const seen = new Set<unknown>();
  for (let at = error; at instanceof Error && !seen.has(at); ) {
    seen.add(at);
    const e = at as Partial<SystemError> & { originalError?: unknown };
    if (typeof e.code === 'string' && /^E[A-Z0-9]+$/.test(e.code) && (typeof e.syscall === 'string' || typeof e.path === 'string')) return at as SystemError;
    at = e.cause ?? e.originalError;
  }
  return undefined;
}

const ACTIONS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  rmdir: 'remove',
  rm: 'remove',
  unlink: 'remove',
  rename: 'rename',
  scandir: 'list',
  opendir: 'list',
  stat: 'read',
  lstat: 'read',
  realpath: 'resolve',
  copyfile: 'copy',
  cp: 'copy',
  chmod: 'change the permissions of',
  symlink: 'link',
  spawn: 'run',
  listen: 'listen on',
};

const ADVICE: Record<string, string> = {
  EACCES: 'permission denied; check the permissions of that path, or choose one you may write',
  EPERM: 'operation not permitted; check the permissions of that path, or choose another one',
  EROFS: 'the file system is read-only; choose a path on a writable file system',
  ENOSPC: 'no space left on the device; free some space and run the command again',
  EDQUOT: 'disk quota exceeded; free some space and run the command again',
  ENOENT: 'no such file or directory; check the path',
  ENOTDIR: 'a part of the path is a file, not a directory; check the path',
  EISDIR: 'it is a directory; give the path of a file',
  EEXIST: 'it already exists; remove it or choose another path',
  ENOTEMPTY: 'the directory is not empty; remove its contents or choose another path',
  EBUSY: 'it is busy (in use by another process or a mount point); close what uses it and run the command again',
  EMFILE: 'too many open files; raise the limit (`ulimit -n`) and run the command again',
  ENFILE: 'too many open files on the system; close some programs and run the command again',
  ENAMETOOLONG: 'the path is too long; choose a shorter one',
  ELOOP: 'too many symbolic links in the path; check the links',
  EXDEV: 'it is on another file system; choose a path on the same file system',
  EIO: 'input/output error; check the disk or the network file system',
};

/**
 * A one-line account of an operating-system error for the terminal: what
 * could not be done, to which path, and what to do about it.
 */
export function describeSystemError(error: SystemError): string {
  const action = ACTIONS[error.syscall ?? ''] ?? (error.syscall !== undefined ? `${error.syscall}` : 'use');
  const target = error.path !== undefined ? ` ${error.path}${error.dest !== undefined ? ` to ${error.dest}` : ''}` : '';
  const advice = ADVICE[error.code] ?? `${error.message.replace(/^[A-Z0-9]+: /, '').split(',')[0] ?? error.code}`;
  return `cannot ${action}${target}: ${advice} (${error.code})`;
}
