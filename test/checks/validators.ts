import { expect } from "chai";
import {
  isCardNumber,
  isIban,
  isNanpPhone,
  isNpi,
  isSsn,
  luhnValid,
} from "../../offchain/checks/validators.js";

describe("identifier validators", function () {
  it("luhnValid accepts a valid check digit and rejects a changed one", function () {
    expect(luhnValid("79927398713")).to.equal(true);
    expect(luhnValid("79927398710")).to.equal(false);
  });

  it("isCardNumber needs an issuer prefix and a valid Luhn digit", function () {
    expect(isCardNumber("4539148803436467")).to.equal(true); // Visa test number
    expect(isCardNumber("4539148803436468")).to.equal(false); // Luhn fails
    expect(isCardNumber("7302551840962216")).to.equal(false); // no issuer starts with 7
    expect(isCardNumber("378282246310005")).to.equal(true); // Amex test number
  });

  it("isNpi checks Luhn over the 80840 prefix", function () {
    expect(isNpi("1234567893")).to.equal(true); // CMS's published example
    expect(isNpi("1234567890")).to.equal(false);
    expect(isNpi("3234567893")).to.equal(false); // must start 1 or 2
  });

  it("isIban checks country length and mod-97", function () {
    expect(isIban("GB82 WEST 1234 5698 7654 32")).to.equal(true);
    expect(isIban("GB82 WEST 1234 5698 7654 33")).to.equal(false);
    expect(isIban("DE89 3704 0044 0532 0130 00")).to.equal(true);
    expect(isIban("DE89 3704 0044 0532 0130 0")).to.equal(false); // one character short
  });

  it("isSsn applies the area, group and serial rules", function () {
    expect(isSsn("123", "45", "6789")).to.equal(true);
    expect(isSsn("000", "45", "6789")).to.equal(false);
    expect(isSsn("666", "45", "6789")).to.equal(false);
    expect(isSsn("912", "45", "6789")).to.equal(false);
    expect(isSsn("123", "00", "6789")).to.equal(false);
    expect(isSsn("123", "45", "0000")).to.equal(false);
  });

  it("isNanpPhone rejects N11 codes, N9X areas, leading 0/1 and toll-free lines", function () {
    expect(isNanpPhone("212", "555", "0143")).to.equal(true);
    expect(isNanpPhone("041", "255", "5883")).to.equal(false);
    expect(isNanpPhone("211", "555", "0143")).to.equal(false);
    expect(isNanpPhone("212", "411", "0143")).to.equal(false);
    expect(isNanpPhone("292", "555", "0143")).to.equal(false);
    expect(isNanpPhone("800", "555", "0199")).to.equal(false);
  });
});
