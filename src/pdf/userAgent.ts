/**
 * The defaults a browser applies before the page's stylesheet (the parts of the HTML spec's
 * user-agent stylesheet the subset uses), so the PDF starts from the same place.
 */
export const USER_AGENT_CSS = `
html, body, main, article, section, header, footer, nav, aside, div, p, h1, h2, h3, h4, ul, ol, li,
blockquote, figure, figcaption, table, caption, thead, tbody, tr { display: block; }
caption { text-align: center; break-after: avoid; }
li { display: list-item; }
table { display: table; } tr { display: table-row; } td, th { display: table-cell; }
head, link, meta, script, style, title, template, [hidden] { display: none; }
body { margin: 8px; }
p, ul, ol, blockquote, figure { margin-top: 1em; margin-bottom: 1em; }
blockquote, figure { margin-left: 40px; margin-right: 40px; }
ul, ol { padding-left: 40px; }
ul { list-style-type: disc; } ol { list-style-type: decimal; }
h1 { font-size: 2em; margin-top: 0.67em; margin-bottom: 0.67em; font-weight: bold; }
h2 { font-size: 1.5em; margin-top: 0.83em; margin-bottom: 0.83em; font-weight: bold; }
h3 { font-size: 1.17em; margin-top: 1em; margin-bottom: 1em; font-weight: bold; }
h4 { margin-top: 1.33em; margin-bottom: 1.33em; font-weight: bold; }
strong, b, th { font-weight: bold; }
em, i { font-style: italic; }
small { font-size: 0.83em; }
a { color: #0000ee; }
th { text-align: center; }
`;
