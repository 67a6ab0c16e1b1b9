/**
 * The review page's stylesheet: three panes (list, document, detail with the
 * source), marks that read without colour (underline style differs by kind
 * and decision), a visible focus ring everywhere, contrast for WCAG AA.
 */
import {DOCUMENT_CSS} from '../html.js'

export const REVIEW_CSS = `${DOCUMENT_CSS}
body.review{height:100vh;display:grid;grid-template-columns:minmax(15rem,21rem) minmax(0,1fr) minmax(17rem,26rem);grid-template-rows:auto minmax(0,1fr);grid-template-areas:"bar bar bar" "side doc detail";font-size:1rem}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:2}
.skip:focus{left:.5rem}
.bar{grid-area:bar;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1.5rem;padding:.5rem 1rem;border-bottom:1px solid #bbb;background:#f6f6f3;font-family:system-ui,"DejaVu Sans",sans-serif}
.bar h1{font-size:1.1rem;margin:0}
.bar p{margin:0;font-size:.9rem}
.actions{display:flex;gap:.5rem;align-items:center}
button{font:inherit;font-size:.9rem;padding:.25rem .6rem;border:1px solid #555;border-radius:4px;background:#fff;color:#111;cursor:pointer}
button:disabled{color:#555;border-color:#999;cursor:not-allowed}
kbd{border:1px solid #888;border-radius:3px;padding:0 .25rem;font-size:.85em;background:#fff}
:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
nav.side,main#doc,aside.detail{overflow:auto;min-height:0}
nav.side{grid-area:side;padding:.5rem .75rem;border-right:1px solid #bbb;font-family:system-ui,"DejaVu Sans",sans-serif;font-size:.9rem}
nav.side h2,aside.detail h2{font-size:1rem;margin:.5rem 0}
nav.side h3{font-size:.9rem;margin:.75rem 0 .25rem}
fieldset{border:1px solid #bbb;margin:0 0 .5rem;padding:.25rem .5rem}
fieldset label{display:block}
.n{color:#444}
#list ol{list-style:none;margin:0;padding:0}
#list a.item{display:block;padding:.15rem .3rem;color:#111;text-decoration:none;border-left:4px solid transparent;overflow-wrap:anywhere}
#list a.item.warning{border-left-color:#b35c00}
#list a.item[aria-current]{background:#dbe7ff;border-left-color:#1a56db}
#list a.item.accepted::after{content:" ✓ accepted";color:#0a6b2b}
#list a.item.rejected{text-decoration:line-through}
#list a.item.rejected::after{content:" ✗ rejected";color:#a4161a;display:inline-block;text-decoration:none}
.where{color:#444;font-variant-numeric:tabular-nums}
main#doc{grid-area:doc;max-width:none;margin:0;padding:0 1.5rem 3rem}
main#doc article{max-width:42rem;margin:0 auto}
mark.chg{background:#fff1a8;color:inherit;border-bottom:2px solid #8a6d00;scroll-margin:6rem}
mark.chg.warning{background:#ffe0c2;border-bottom:2px dashed #b35c00}
mark.chg.spot{display:inline-block;min-width:.7em;height:1em;vertical-align:-.1em;margin-right:.2em;border-radius:2px}
mark.chg.spot::before{content:"✎";font-size:.7em}
mark.chg.off{background:none;border-bottom:none}
mark.chg.off.spot{display:none}
mark.chg.current{outline:3px solid #1a56db;outline-offset:1px}
mark.chg.accepted{background:#d3f2dc;border-bottom-color:#0a6b2b}
mark.chg.rejected{background:#fbd5d5;border-bottom:2px double #a4161a;text-decoration:line-through}
aside.detail{grid-area:detail;padding:.5rem 1rem;border-left:1px solid #bbb;font-family:system-ui,"DejaVu Sans",sans-serif;font-size:.9rem}
#detail dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .75rem;margin:0}
#detail dt{font-weight:600}
#detail dd{margin:0;overflow-wrap:anywhere}
#detail dd.text{font-family:"DejaVu Sans Mono",monospace;white-space:pre-wrap;background:#f3f3f3;padding:0 .25rem}
.decide{display:flex;gap:.5rem;margin:.5rem 0}
.state{margin:.5rem 0 0;font-weight:600}
.note{color:#444}
#src{margin:0;max-height:45vh;overflow:auto;background:#f7f7f7;border:1px solid #bbb;padding:.5rem;font:.8rem/1.45 "DejaVu Sans Mono",monospace;white-space:pre-wrap;overflow-wrap:anywhere}
#src .ln{display:block}
#src .hit{background:#fff1a8}
#src .no{color:#555}
section.years{max-width:none;margin-top:3rem;border-top:2px solid #888}
section.years table{font-family:system-ui,"DejaVu Sans",sans-serif;font-size:.85rem}
section.years tr.ambiguous td:first-child{border-left:4px solid #b35c00}
section.years tr.picked{background:#dbe7ff}
.cert.ambiguous{font-weight:700;color:#8a3d00}
select{font:inherit}
@media print{body.review{display:block;height:auto}nav.side,aside.detail,.bar .actions,.keys{display:none}}
`
