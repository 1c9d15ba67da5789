// Modbus function and exception names, by code (Modbus Application Protocol V1.1b3).

const FUNCTIONS = {
  1: 'Read Coils', 2: 'Read Discrete Inputs', 3: 'Read Holding Registers', 4: 'Read Input Registers',
  5: 'Write Single Coil', 6: 'Write Single Register', 7: 'Read Exception Status', 8: 'Diagnostics',
  11: 'Get Comm Event Counter', 12: 'Get Comm Event Log', 15: 'Write Multiple Coils',
  16: 'Write Multiple Registers', 17: 'Report Server ID', 20: 'Read File Record', 21: 'Write File Record',
  22: 'Mask Write Register', 23: 'Read/Write Multiple Registers', 24: 'Read FIFO Queue',
  43: 'Encapsulated Interface Transport',
};

const EXCEPTIONS = {
  1: 'Illegal Function', 2: 'Illegal Data Address', 3: 'Illegal Data Value', 4: 'Server Device Failure',
  5: 'Acknowledge', 6: 'Server Device Busy', 8: 'Memory Parity Error', 10: 'Gateway Path Unavailable',
  11: 'Gateway Target Device Failed to Respond',
};

/** "6 Write Single Register"; an exception response (code | 0x80) as "134 exception to 6 Write Single Register". */
export function functionLabel(raw, suricataName) {
  const n = Number(raw);
  if (!Number.isInteger(n)) return suricataName ? String(suricataName) : '—';
  if (n >= 128) {
    const base = n - 128;
    return `${n} exception to ${base}${FUNCTIONS[base] ? ` ${FUNCTIONS[base]}` : ''}`;
  }
  return `${n} ${FUNCTIONS[n] ?? (suricataName ? String(suricataName) : 'unassigned function')}`;
}

export function exceptionLabel(raw, name) {
  const n = Number(raw);
  return `${Number.isInteger(n) ? n : '?'} ${EXCEPTIONS[n] ?? (name ? String(name) : 'unknown exception')}`;
}
