// @ts-check
const {themes} = require('prism-react-renderer');

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'pylon',
  tagline: 'A friendly HTTP client and scraping toolkit for Python',
  favicon: 'img/favicon.ico',
  url: 'https://pylon.dev',
  baseUrl: '/',
  organizationName: 'pylon-http',
  projectName: 'pylon',
  trailingSlash: false,
  onBrokenLinks: 'throw',
  onBrokenMarkdownLinks: 'warn',

  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: {
          sidebarPath: require.resolve('./sidebars.js'),
          editUrl: 'https://github.com/pylon-http/pylon/edit/main/website/',
        },
        blog: false,
        theme: {customCss: require.resolve('./src/css/custom.css')},
      }),
    ],
  ],

  themeConfig:
    /** @type {import('@docusaurus/preset-classic').ThemeConfig} */
    ({
      navbar: {
        title: 'pylon',
        logo: {alt: 'pylon', src: 'img/logo.svg'},
        items: [
          {type: 'doc', docId: 'intro', position: 'left', label: 'Docs'},
          {type: 'doc', docId: 'api/client', position: 'left', label: 'API'},
          {type: 'doc', docId: 'cli/overview', position: 'left', label: 'CLI'},
          {href: 'https://pypi.org/project/pylon-http/', label: 'PyPI', position: 'right'},
          {href: 'https://github.com/pylon-http/pylon', label: 'GitHub', position: 'right'},
        ],
      },
      footer: {
        style: 'dark',
        links: [
          {title: 'Docs', items: [{label: 'Quickstart', to: '/docs/getting-started/quickstart'}]},
          {title: 'Community', items: [{label: 'Discussions', href: 'https://github.com/pylon-http/pylon/discussions'}]},
        ],
        copyright: `Copyright © ${new Date().getFullYear()} The pylon contributors. BSD-3-Clause.`,
      },
      prism: {theme: themes.github, darkTheme: themes.dracula, additionalLanguages: ['toml', 'bash']},
    }),
};

module.exports = config;
