/*
 * Fault injection for the command-line tests, which prove that a run that
 * is killed, or whose files change under it, loses nothing. The variable
 *
 *   AM_TEST_HOOK=STEP:ACTION[@NAME][,STEP:ACTION[@NAME]...]
 *
 * makes ACTION happen to the file being migrated when the tool reaches STEP
 * (only to files whose path ends with NAME, if given):
 *
 *   STEP    before-read      before its bytes are read
 *           before-backup    read and migrated; nothing written yet
 *           after-backup     FILE.bak written and flushed
 *           after-temporary  the new text written and flushed beside it
 *           after-rename     the new text is in place
 *   ACTION  kill        the process dies at once (SIGKILL), as on kill -9
 *           append      a line is added to the file (size and mtime change)
 *           rewrite     its first byte changes; size and mtime are kept
 *           touch       its mtime moves; its bytes are kept
 *           delete      the file is removed
 *           unreadable  its mode becomes 000
 *           swap-link   it becomes a symbolic link to $AM_TEST_LINK
 *
 * Without the variable (always, outside the tests) nothing happens.
 */
#ifndef CLI_TEST_HOOK_H
#define CLI_TEST_HOOK_H

void test_hook(const char *step, const char *path);

#endif
