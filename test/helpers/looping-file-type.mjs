// file-type 16.5.4's ASF bug, on purpose (issue 30): a file that carries ASF's header GUID never returns, as 16.5.4 did
// on a header sub-object of size 0 (it stepped back 24 bytes and read the same object again, one resolved promise after
// another, so not even a timer could run); here wherever the GUID is, so a test can put it behind a PDF's first bytes.
// A file that carries "exit-thread" ends its thread, as a crashing native parser would; one that carries
// "stray-rejection" fails a moment after its answer. Every other file goes to the real file-type. TypeSniffer's
// `parser` option loads this module in its threads.
import { Buffer } from 'node:buffer';
import { setTimeout } from 'node:timers';
import { fileTypeFromBuffer as realFileTypeFromBuffer } from 'file-type';

const asfHeader = Buffer.from([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9]);

export async function fileTypeFromBuffer(bytes) {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (file.includes(asfHeader)) for (;;) await null;
  if (file.includes('exit-thread')) process.exit(70);
  const answer = await realFileTypeFromBuffer(bytes);
  // A promise the parser forgot: it fails after the answer has gone, so no task is there to take the error. Set only
  // once the answer is known (the answer is posted in this turn, before any timer), so a slow parse cannot make the
  // failure come first.
  if (file.includes('stray-rejection')) setTimeout(() => Promise.reject(new Error('a forgotten read failed')), 10);
  return answer;
}
