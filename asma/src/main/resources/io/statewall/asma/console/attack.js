// MITRE ATT&CK for ICS technique names, by id (techniques T0800-T0895; deprecated ids left out).
const NAMES = {
  T0800: 'Activate Firmware Update Mode', T0801: 'Monitor Process State', T0802: 'Automated Collection',
  T0803: 'Block Command Message', T0804: 'Block Reporting Message', T0805: 'Block Serial COM',
  T0806: 'Brute Force I/O', T0807: 'Command-Line Interface', T0809: 'Data Destruction',
  T0811: 'Data from Information Repositories', T0812: 'Default Credentials', T0813: 'Denial of Control',
  T0814: 'Denial of Service', T0815: 'Denial of View', T0816: 'Device Restart/Shutdown',
  T0817: 'Drive-by Compromise', T0819: 'Exploit Public-Facing Application', T0820: 'Exploitation for Evasion',
  T0821: 'Modify Controller Tasking', T0822: 'External Remote Services', T0823: 'Graphical User Interface',
  T0826: 'Loss of Availability', T0827: 'Loss of Control', T0828: 'Loss of Productivity and Revenue',
  T0829: 'Loss of View', T0830: 'Adversary-in-the-Middle', T0831: 'Manipulation of Control',
  T0832: 'Manipulation of View', T0834: 'Native API', T0835: 'Manipulate I/O Image',
  T0836: 'Modify Parameter', T0837: 'Loss of Protection', T0838: 'Modify Alarm Settings',
  T0839: 'Module Firmware', T0840: 'Network Connection Enumeration', T0842: 'Network Sniffing',
  T0843: 'Program Download', T0845: 'Program Upload', T0846: 'Remote System Discovery',
  T0847: 'Replication Through Removable Media', T0848: 'Rogue Master', T0849: 'Masquerading',
  T0851: 'Rootkit', T0852: 'Screen Capture', T0853: 'Scripting', T0855: 'Unauthorized Command Message',
  T0856: 'Spoof Reporting Message', T0857: 'System Firmware', T0858: 'Change Operating Mode',
  T0859: 'Valid Accounts', T0860: 'Wireless Compromise', T0861: 'Point & Tag Identification',
  T0862: 'Supply Chain Compromise', T0863: 'User Execution', T0864: 'Transient Cyber Asset',
  T0865: 'Spearphishing Attachment', T0866: 'Exploitation of Remote Services', T0867: 'Lateral Tool Transfer',
  T0868: 'Detect Operating Mode', T0869: 'Standard Application Layer Protocol', T0871: 'Execution through API',
  T0872: 'Indicator Removal on Host', T0873: 'Project File Infection', T0874: 'Hooking',
  T0877: 'I/O Image', T0878: 'Alarm Suppression', T0879: 'Damage to Property', T0880: 'Loss of Safety',
  T0881: 'Service Stop', T0882: 'Theft of Operational Information', T0883: 'Internet Accessible Device',
  T0884: 'Connection Proxy', T0885: 'Commonly Used Port', T0886: 'Remote Services', T0887: 'Wireless Sniffing',
  T0888: 'Remote System Information Discovery', T0889: 'Modify Program',
  T0890: 'Exploitation for Privilege Escalation', T0891: 'Hardcoded Credentials', T0892: 'Change Credential',
  T0893: 'Data from Local System', T0894: 'System Binary Proxy Execution', T0895: 'Autorun Image',
};

/** The technique's name, or null when this page does not know it. */
export function techniqueName(id) {
  return Object.hasOwn(NAMES, id) ? NAMES[id] : null;
}

/** "T0855 Unauthorized Command Message", or the bare id when the name is not known. */
export function techniqueLabel(id) {
  const name = techniqueName(String(id));
  return name ? `${id} ${name}` : String(id);
}
