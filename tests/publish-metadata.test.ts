/**
 * What publishers read around the text: heading ids that GitHub (and pandoc's
 * gfm_auto_identifiers) give the Markdown headings, front matter under the
 * keys pandoc reads, the title printed once by `pandoc -s`.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import GithubSlugger from 'github-slugger'
import type {Heading, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {renderDocument} from '../pipeline/build.js'
import {ROOT, tempDir} from './cli-harness.js'

const BODY = [
  'The commission met twice a year and published its findings in a yearly report for the parties',
  'concerned, with the minutes of every meeting and the votes of its members on each question.'
].join('\n')

/** A small document with repeated headings and a heading in Cyrillic letters. */
const RAW = ['Summary', '', BODY, '', 'Findings', '', BODY, '', 'Summary', '', BODY, '', 'Итоги работы', '', BODY, ''].join('\n')

async function render(raw: string, meta?: string) {
  const dir = tempDir()
  const path = join(dir, 'report.txt')
  writeFileSync(path, raw)
  if (meta) writeFileSync(join(dir, 'report.meta.yaml'), meta)
  const result = await renderDocument(path, {outputs: ['markdown', 'json'], cwd: dir})
  expect(result.error).toBeUndefined()
  const text = (kind: string) => new TextDecoder().decode(result.artifacts.find((a) => a.path.endsWith(kind))!.bytes)
  return {markdown: text('.md'), json: JSON.parse(text('.json'))}
}

/** The ids GitHub gives the Markdown's headings, by heading text, in order. */
function githubIds(markdown: string): {text: string; id: string}[] {
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(markdown) as Root
  const slugger = new GithubSlugger()
  return tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => ({text: toString(h), id: slugger.slug(toString(h))}))
}

function jsonHeadings(json: {blocks: {type: string; id: string; text: string}[]}) {
  return json.blocks.filter((b) => b.type === 'heading').map((b) => ({text: b.text, id: b.id}))
}

describe('heading ids', () => {
  it('are GitHub’s: duplicates -1, -2, non-Latin letters kept', async () => {
    const {markdown, json} = await render(RAW)
    const ids = jsonHeadings(json)
    expect(ids.map((h) => h.id)).toEqual(['summary', 'findings', 'summary-1', 'итоги-работы'])
    expect(ids).toEqual(githubIds(markdown))
  })

  it('follow the house style of a date in the heading, as the Markdown prints it', async () => {
    const raw = ['Talks of February 13, 1988', '', BODY, '', 'Findings', '', BODY, ''].join('\n')
    const {markdown, json} = await render(raw)
    expect(markdown).toContain('Talks of 13 February 1988')
    expect(jsonHeadings(json).map((h) => h.id)).toEqual(githubIds(markdown).map((h) => h.id))
    expect(jsonHeadings(json)[0]!.id).toBe('talks-of-13-february-1988')
  })

  it('are not truncated, and match the Markdown of the shipped example', async () => {
    const input = join(ROOT, 'input', 'nagorno-karabakh-conflict.txt')
    const result = await renderDocument(input, {outputs: ['markdown', 'json'], cwd: ROOT})
    const markdown = new TextDecoder().decode(result.artifacts[0]!.bytes)
    const json = JSON.parse(new TextDecoder().decode(result.artifacts[1]!.bytes))
    const github = new Map(githubIds(markdown).map((h) => [h.text, h.id]))
    const headings = jsonHeadings(json)
    expect(headings.length).toBeGreaterThan(3)
    for (const h of headings) expect(h.id, h.text).toBe(github.get(h.text))
    expect(Math.max(...headings.map((h) => h.id.length))).toBeGreaterThan(60)
  })
})

describe('front matter', () => {
  it('uses the keys pandoc reads and a project-relative source path', async () => {
    const {markdown} = await render(RAW, 'title: Water Agreements\nlanguage: ru\ndate: "2019-05-01"\nauthor: The Commission\n')
    const front = parseYaml(markdown.split('---\n')[1]!)
    expect(front).toMatchObject({title: 'Water Agreements', lang: 'ru', date: '2019-05-01', author: 'The Commission'})
    expect(front.language).toBeUndefined()
    expect(front.source.path).toBe('report.txt')
    // The title is not printed again as an H1.
    expect(markdown).not.toMatch(/^# /m)
  })

  it('names the title pagetitle when the document prints its own H1', async () => {
    const raw = readFileSync(join(ROOT, 'input', 'nagorno-karabakh-conflict.txt'), 'utf8')
    const {markdown} = await render(raw, 'title: Armenia-Azerbaijan Nagorno-Karabakh conflict\n')
    const front = parseYaml(markdown.split('---\n')[1]!)
    const h1 = /^# /m.test(markdown)
    expect(front.title === undefined).toBe(h1)
    expect(front.pagetitle === undefined).toBe(!h1)
  })
})

const hasPandoc = spawnSync('pandoc', ['--version']).status === 0

describe.skipIf(!hasPandoc)('pandoc -s', () => {
  it('prints the title once, and gives the headings the JSON ids', async () => {
    const {markdown, json} = await render(RAW, 'title: Water Agreements\nlanguage: en\n')
    const run = spawnSync('pandoc', ['-s', '-f', 'markdown+gfm_auto_identifiers', '-t', 'html'], {input: markdown, encoding: 'utf8'})
    expect(run.status, run.stderr).toBe(0)
    const body = run.stdout.slice(run.stdout.indexOf('<body>'))
    expect(body.split('Water Agreements').length - 1).toBe(1)
    expect(run.stdout).toContain('lang="en"')
    const ids = [...body.matchAll(/<h\d id="([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!))
    expect(ids).toEqual(jsonHeadings(json).map((h) => h.id))
  })
})
