/**
 * All matches of a global regular expression, by `exec` from lastIndex 0. Unlike `matchAll`,
 * this does not clone the expression on every call (costly for the large lexicon alternations).
 */
export function execAll(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    out.push(m);
  }
  re.lastIndex = 0;
  return out;
}
