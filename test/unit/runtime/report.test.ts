import { createReporter } from "../../../lib/runtime/report";

function capture(debug = false) {
  const out: string[] = [];
  const err: string[] = [];
  const reporter = createReporter({ debug, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { reporter, out, err };
}

describe("reporter", () => {
  it("replaces registered secrets with *** in every stream", () => {
    const { reporter, out, err } = capture(true);
    reporter.addSecret("s3cr3t-value");
    reporter.info("info s3cr3t-value");
    reporter.error("error s3cr3t-value");
    reporter.debug("debug s3cr3t-value");
    expect([...out, ...err]).toEqual(["info ***", "error ***", "debug: debug ***"]);
  });

  it("masks the signature an SLS SignatureNotMatch message quotes", () => {
    const { reporter, err } = capture();
    reporter.error("401 SignatureNotMatch: signature VSmodkAUQEdsRTSSTf2eJExiSyE= not match");
    expect(err).toEqual(["401 SignatureNotMatch: signature *** not match"]);
  });

  it("prints debug lines only when debugging", () => {
    const { reporter, err } = capture(false);
    reporter.debug("hidden");
    expect(err).toEqual([]);
  });
});
