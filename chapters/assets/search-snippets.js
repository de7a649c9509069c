/* The search page's results in plain words.
 *
 * Sphinx's search (searchtools.js) shows under each result a summary cut from the text of the page,
 * and section titles from its index: both hold formulas as TeX source ("\(A v + b\)",
 * "\ell^2"), which MathJax draws on the page itself but not here. This script, loaded on the search
 * page only (tools/lfd_site.py), rewrites that TeX as plain text before the summary is cut:
 * A^{\mathsf T} v + b reads "Aᵀ v + b". The table of symbols comes from tools/lfd_site.py. */
(() => {
  if (typeof Search === "undefined") return;
  const symbols = window.lfdTexSymbols || {};
  const WRAPPERS = /\\(?:text|textrm|textit|mathrm|mathbf|mathsf|mathit|mathcal|mathbb|operatorname|boldsymbol|bm|emph|hat|bar|tilde|vec|widehat|overline)\s*\{([^{}]*)\}/g;
  const FRAC = /\\[dt]?frac\s*(?:\{([^{}]*)\}\s*\{([^{}]*)\}|(\d)(\d))/g;
  const TRANSPOSE = /\^\s*(?:\{\s*\\mathsf\s*(?:\{\s*T\s*\}|T)\s*\}|\\mathsf\s*(?:\{\s*T\s*\}|T))/g;
  const POWER = /\^\s*(?:\{\s*([0-9T])\s*\}|([0-9T]))/g;
  const SUPERSCRIPTS = Object.fromEntries([..."0123456789T"].map((c, k) => [c, "⁰¹²³⁴⁵⁶⁷⁸⁹ᵀ"[k]]));
  const DROPPED = /\\(?:left|right|[bB]ig{1,2}[lr]?|displaystyle|textstyle|limits|nolimits)(?![A-Za-z])/g;

  const texToText = (tex) => {
    let text = tex.replace(TRANSPOSE, "ᵀ")
      .replace(/\\\(|\\\)|\\\[|\\\]|\$/g, " ")
      .replace(DROPPED, "");
    for (let k = 0; k < 3; k++) {
      text = text.replace(FRAC, (m, a, b, c, d) => `${a ?? c}/${b ?? d}`).replace(WRAPPERS, "$1");
    }
    text = text.replace(POWER, (m, a, b) => SUPERSCRIPTS[a ?? b])
      .replace(/\\\\|\\[,;:! ]|&/g, " ").replace(/\\\|/g, "‖")
      .replace(/\\([A-Za-z]+)/g, (m, name) => symbols[name] ?? (/^(mathsf|mathrm|mathbf|text|operatorname)$/.test(name) ? "" : name))
      .replace(/[\\{}]/g, "");
    return text.replace(/\s+/g, " ").trim();
  };
  /* Outside formulas (code, outputs), only what is TeX: $…$ pieces and \commands. */
  const plainText = (text) => text
    .replace(/\$\$([^$]*)\$\$|\$([^$\n]*)\$/g, (m, display, inline) => texToText(display ?? inline))
    .replace(/\\([A-Za-z]+)/g, (m, name) => symbols[name] ?? name)
    .replace(/[\\$]/g, "");

  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".math").forEach((formula) => {
      formula.textContent = " " + texToText(formula.textContent) + " ";
    });
    /* a glossary term and its definition, a heading and its text: words that do not run together */
    page.querySelectorAll("dt, dd, p, li, th, td, h1, h2, h3, h4, h5, h6").forEach((block) => block.append(" "));
    return plainText(htmlToText(page.documentElement.outerHTML, anchor))
      .replace(/\s+([,.;:!?)\]])/g, "$1").replace(/([(\[])\s+/g, "$1").replace(/\s+/g, " ");
  };

  const plainTitles = (index) => {
    if (!index || !index.alltitles) return index;
    const titles = {};
    for (const [title, places] of Object.entries(index.alltitles)) {
      const plain = /[\\$]/.test(title) ? texToText(title) : title;
      titles[plain] = (titles[plain] || []).concat(places);
    }
    index.alltitles = titles;
    return index;
  };
  plainTitles(Search._index);
  const setIndex = Search.setIndex;
  Search.setIndex = (index) => setIndex(plainTitles(index));
})();
