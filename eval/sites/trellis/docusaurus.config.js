// @ts-check
// Docusaurus site for trellis. Lives at the repository root next to go.mod;
// `npm run docs` builds it into ./build (ignored by Go tooling).

const {themes: prismThemes} = require('prism-react-renderer');

/** @type {import('@docusaurus/types').Config} */
module.exports = {
  title: 'trellis',
  tagline: 'A fast, idiomatic HTTP router for Go',
  url: 'https://trellis-go.dev',
  baseUrl: '/',
  favicon: 'img/favicon.png',
  organizationName: 'trellis-go',
  projectName: 'trellis',
  onBrokenLinks: 'throw',
  onBrokenMarkdownLinks: 'throw',
  markdown: {mermaid: true},
  themes: ['@docusaurus/theme-mermaid'],

  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: {
          path: 'docs',
          routeBasePath: 'docs',
          sidebarPath: './sidebars.js',
          editUrl: 'https://github.com/trellis-go/trellis/edit/main/',
        },
        blog: false,
        pages: {path: 'site/pages'},
        theme: {customCss: './site/css/custom.css'},
      }),
    ],
  ],
  staticDirectories: ['site/static'],

  themeConfig:
    /** @type {import('@docusaurus/preset-classic').ThemeConfig} */
    ({
      navbar: {
        title: 'trellis',
        items: [
          {type: 'docSidebar', sidebarId: 'docs', label: 'Documentation', position: 'left'},
          {href: 'https://pkg.go.dev/github.com/trellis-go/trellis/v2', label: 'pkg.go.dev', position: 'right'},
          {href: 'https://github.com/trellis-go/trellis', label: 'GitHub', position: 'right'},
        ],
      },
      prism: {
        theme: prismThemes.github,
        darkTheme: prismThemes.vsDark,
        additionalLanguages: ['go', 'bash'],
      },
      footer: {style: 'dark', copyright: `trellis is released under the BSD-3-Clause license.`},
    }),
};
