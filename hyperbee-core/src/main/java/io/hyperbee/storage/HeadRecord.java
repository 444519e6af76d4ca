package io.hyperbee.storage;

/**
 * What one commit leaves behind: its sequence number, the signed head and where the data file's
 * committed bytes end. Written last, so on disk it only ever points at complete data.
 */
record HeadRecord(long seq, CoreHead head, long dataEnd) {

  static final CoreHead EMPTY_HEAD = new CoreHead(0, 0, 0, null, null);
}
