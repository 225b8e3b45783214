// The public API as the reference shows it, with each member's doc comment: the classes, methods
// and accessors exported by scripts/docs/api-entry.ts (wmpi) and ts/browser/index.ts
// (wmpi/browser), and the functions of the MPI namespace (MPI.Init, ...). It reads the sources
// with the TypeScript compiler, in a few seconds: test/docs-reference.test.ts checks from it
// that every member carries what the reference promises (docs/api.md says what).

import path from "node:path";
import ts from "typescript";

/**
 * @typedef {object} ApiMember
 * @property {string} module "wmpi" or "wmpi/browser"
 * @property {string} name "Comm.Send", "Comm.rank", "MPI.Init", "startJob", ...
 * @property {"class" | "interface" | "method" | "accessor" | "property" | "function"} kind
 * @property {boolean} inInterface a member of an interface (a shape the program implements or is given)
 * @property {string[]} params the parameters' names
 * @property {string} summary the comment's text before its tags ("" if there is no comment)
 * @property {Record<string, string[]>} tags the text of each block tag ("throws", "example", "param", ...)
 * @property {string} at where it is declared, "ts/mpi/comm.ts:52"
 */

const ENTRIES = [["wmpi", "scripts/docs/api-entry.ts"], ["wmpi/browser", "ts/browser/index.ts"]];

/**
 * @param {string} root the repository root
 * @returns {ApiMember[]}
 */
export function apiMembers(root) {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, "scripts/docs/tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } });
  const program = ts.createProgram(ENTRIES.map(([, f]) => path.join(root, f)), config.options);
  const checker = program.getTypeChecker();
  /** @type {ApiMember[]} */
  const out = [];
  const seen = new Set();

  const resolve = (/** @type {ts.Symbol} */ s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const at = (/** @type {ts.Node} */ d) => {
    const sf = d.getSourceFile();
    return `${path.relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(d.getStart()).line + 1}`;
  };
  const text = (/** @type {ts.SymbolDisplayPart[] | string | undefined} */ t) => (typeof t === "string" ? t : ts.displayPartsToString(t ?? []));

  /** Records a declaration under a name, with the comment of the symbol (or of the declaration, for one overload). */
  function add(/** @type {string} */ module, /** @type {string} */ name, /** @type {ApiMember["kind"]} */ kind, /** @type {ts.Symbol} */ sym, /** @type {ts.Declaration} */ decl, inInterface = false) {
    const key = `${module} ${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    /** @type {Record<string, string[]>} */
    const tags = {};
    for (const t of sym.getJsDocTags(checker)) (tags[t.name] ??= []).push(text(t.text));
    // the parameters of every overload (the comment on the first describes them all)
    const signature = (/** @type {ts.Declaration} */ d) => (ts.isVariableDeclaration(d) ? d.type : d);
    const params = new Set((kind === "accessor" ? [] : sym.declarations ?? [decl]).map(signature)
      .flatMap((d) => (d && ts.isFunctionLike(d) ? d.parameters.map((p) => p.name.getText()) : [])));
    out.push({
      module, name, kind, inInterface, tags, at: at(decl), params: [...params],
      summary: text(sym.getDocumentationComment(checker)).trim(),
    });
  }

  const hidden = (/** @type {ts.Declaration} */ d) =>
    (ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0 ||
    ts.getJSDocTags(d).some((t) => t.tagName.text === "internal") ||
    (d.name !== undefined && ts.isPrivateIdentifier(d.name));

  /** The members a class or interface declares itself (inherited ones are listed at their own class). */
  function members(/** @type {string} */ module, /** @type {string} */ owner, /** @type {ts.Symbol} */ ownerSym, /** @type {ts.Type} */ type, /** @type {boolean} */ isStatic, /** @type {boolean} */ inInterface) {
    for (const p of type.getProperties()) {
      const decl = p.declarations?.[0];
      if (!decl || hidden(decl) || p.name === "prototype") continue;
      // a function of a namespace merged into the class: a static method (MPI.Comm.Get_parent)
      if (isStatic && ts.isVariableDeclaration(decl) && decl.type && ts.isFunctionTypeNode(decl.type)) {
        let ns = decl.parent;
        while (ns && !ts.isModuleDeclaration(ns)) ns = ns.parent;
        if (ns && ownerSym.declarations?.includes(ns)) add(module, `${owner}.${p.name}`, "method", p, decl, inInterface);
        continue;
      }
      // declared by this class, or by an interface merged into it (the collectives on Comm, ...)
      if (!ownerSym.declarations?.includes(/** @type {ts.Declaration} */ (decl.parent))) continue;
      const isStaticDecl = (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Static) !== 0;
      if (isStaticDecl !== isStatic) continue;
      if (ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl)) add(module, `${owner}.${p.name}`, "method", p, decl, inInterface);
      else if (ts.isGetAccessorDeclaration(decl) || ts.isSetAccessorDeclaration(decl)) add(module, `${owner}.${p.name}`, "accessor", p, decl, inInterface);
      else if (ts.isPropertyDeclaration(decl) || ts.isPropertySignature(decl) || ts.isParameter(decl)) add(module, `${owner}.${p.name}`, "property", p, decl, inInterface);
    }
  }

  for (const [module, file] of ENTRIES) {
    const moduleSymbol = checker.getSymbolAtLocation(/** @type {ts.SourceFile} */ (program.getSourceFile(path.join(root, file))));
    if (!moduleSymbol) throw new Error(`${file}: not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const sym = resolve(exported);
      const decl = sym.declarations?.[0];
      if (!decl) continue;
      const name = exported.name;
      if (ts.isClassDeclaration(decl)) {
        add(module, name, "class", sym, decl);
        members(module, name, sym, checker.getDeclaredTypeOfSymbol(sym), false, false);
        members(module, name, sym, checker.getTypeOfSymbol(sym), true, false);
      } else if (ts.isInterfaceDeclaration(decl)) {
        add(module, name, "interface", sym, decl, true);
        members(module, name, sym, checker.getDeclaredTypeOfSymbol(sym), false, true);
      } else if (ts.isFunctionDeclaration(decl)) {
        add(module, name, "function", sym, decl);
      } else if (name === "MPI" && ts.isVariableDeclaration(decl)) {
        // MPI.Init, MPI.Wtime, ...: the namespace's functions, documented where they are declared
        for (const p of checker.getTypeOfSymbol(sym).getProperties()) {
          const init = p.valueDeclaration && ts.isPropertyAssignment(p.valueDeclaration) ? p.valueDeclaration.initializer : undefined;
          const target = init && checker.getSymbolAtLocation(ts.isPropertyAccessExpression(init) ? init.name : init);
          const fn = target && resolve(target).declarations?.[0];
          if (fn && ts.isFunctionDeclaration(fn)) add(module, `MPI.${p.name}`, "function", resolve(/** @type {ts.Symbol} */ (target)), fn);
        }
      }
    }
  }
  return out;
}
