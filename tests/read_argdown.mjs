// Read an Argdown file with the Argdown reference parser (@argdown/core) and print its graph as JSON:
// parse errors, statements (title, text, metadata, section) and relations (from, to, type).
// Used by tests/test_exports.py: node tests/read_argdown.mjs FILE
import { readFileSync } from "node:fs";
import * as core from "@argdown/core";

const app = new core.ArgdownApplication();
app.addPlugin(new core.ParserPlugin(), "parse-input");
app.addPlugin(new core.DataPlugin(), "build-model");
app.addPlugin(new core.ModelPlugin(), "build-model");
const response = app.run({ process: ["parse-input", "build-model"], input: readFileSync(process.argv[2], "utf8") });
const errors = [...(response.lexerErrors || []), ...(response.parserErrors || [])].map((e) => String(e.message));
const statements = Object.values(response.statements || {}).map((s) => {
  const defined = s.members.filter((m) => m.text);
  return {
    title: s.title,
    texts: defined.map((m) => m.text.trim()),
    data: s.data || null,
    sections: defined.map((m) => (m.section ? m.section.title : null)),
  };
});
const relations = (response.relations || []).map((r) => ({ from: r.from.title, to: r.to.title, type: r.relationType }));
process.stdout.write(JSON.stringify({ errors, statements, relations, frontMatter: response.frontMatter || null }));
