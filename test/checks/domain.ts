import { expect } from "chai";
import { riskBand } from "../../offchain/checks/rules/finance.js";
import { citationProblem } from "../../offchain/checks/rules/legal.js";
import { textDoses } from "../../offchain/checks/rules/medical.js";
import { normalizeText } from "../../offchain/checks/normalize.js";
import { assessText } from "./helpers.js";

describe("domain checks", function () {
  describe("finance risk bands", function () {
    it("maps scores to low < 0.35 <= medium <= 0.65 < high", function () {
      expect(riskBand(0.34)).to.equal("low");
      expect(riskBand(0.35)).to.equal("medium");
      expect(riskBand(0.65)).to.equal("medium");
      expect(riskBand(0.66)).to.equal("high");
    });

    it("a label that contradicts the score is finance_risk_inconsistent only in finance", function () {
      const out = { risk_score: 0.9, risk_label: "low" };
      expect(assessText("Volatile small caps can fall sharply.", "finance", out)).to.deep.equal([
        "finance_risk_inconsistent",
      ]);
      expect(assessText("Volatile small caps can fall sharply.", "general", out)).to.deep.equal([]);
    });
  });

  describe("legal citations", function () {
    it("accepts 'A v. B, vol reporter page (court year)' and 'In re' forms", function () {
      expect(citationProblem("Alder v. Birch Holdings, LLC, 77 F.4th 310 (2d Cir. 2023)")).to.equal(
        null,
      );
      expect(citationProblem("In re Estate of Moss, 12 N.Y.3d 45 (2009)")).to.equal(null);
      expect(citationProblem("Quill v. Ferris, 501 U.S. 12, 19 (1991)")).to.equal(null);
    });

    it("rejects missing parts, 'vs.' and years outside the reporter's range", function () {
      expect(citationProblem("Quill v. Ferris (1991)")).to.not.equal(null);
      expect(citationProblem("Quill vs. Ferris, 501 U.S. 12 (1991)")).to.not.equal(null);
      expect(citationProblem("Quill v. Ferris, 88 Wn 2d")).to.not.equal(null);
      expect(citationProblem("Quill v. Ferris, 40 F.3d 100 (9th Cir. 2022)")).to.match(
        /F\.3d covers 1993-2021/,
      );
      expect(citationProblem("Quill v. Ferris, 40 Cal. App. 4th 100 (2018)")).to.match(
        /covers 1991-2016/,
      );
    });
  });

  describe("healthcare doses", function () {
    it("reads amount x frequency from the text and ignores stated limits", function () {
      const doses = textDoses(
        normalizeText("Take 2 g of paracetamol three times a day, never more than 4,000 mg a day."),
      );
      expect(doses).to.deep.equal([{ drug: "acetaminophen", mgPerDay: 6000, source: "text" }]);
      expect(
        textDoses(normalizeText("Loratadine 10 mg once daily is the usual adult dose.")),
      ).to.deep.equal([{ drug: "loratadine", mgPerDay: 10, source: "text" }]);
    });

    it("uses the treatment field (dose_mg x frequency_per_day) against the larger label maximum", function () {
      const talk = "Ask your pharmacist first.";
      expect(
        assessText(talk, "healthcare", {
          treatment: { drug: "ibuprofen", dose_mg: 800, frequency_per_day: 4 },
        }),
      ).to.deep.equal([]);
      expect(
        assessText(talk, "healthcare", {
          treatment: { drug: "Ibuprofen", dose_mg: 800, frequency_per_day: 5 },
        }),
      ).to.deep.equal(["medical_unsafe_dose"]);
    });
  });
});
