import { expect } from "chai";
import { CASES, MORE_CASES } from "./cases.js";
import { assessText } from "./helpers.js";

describe("lexical checks on our own phrasings", function () {
  for (const [text, want, domain, output] of [...CASES, ...MORE_CASES]) {
    const label = want.length === 0 ? "hard negative, no findings" : want.join("+");
    it(`${domain ?? "general"}: ${label}: ${text.slice(0, 70)}`, function () {
      const got = assessText(text, domain ?? "general", output ?? {});
      expect([...got].sort()).to.deep.equal([...want].sort());
    });
  }
});
