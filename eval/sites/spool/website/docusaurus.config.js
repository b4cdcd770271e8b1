// @ts-check
const {themes} = require('prism-react-renderer');

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Spool',
  tagline: 'Fast, reliable background jobs for Node.js, backed by Redis',
  favicon: 'img/favicon.ico',
  url: 'https://spool.js.org',
  baseUrl: '/',
  organizationName: 'spooljs',
  projectName: 'spool',
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
          editUrl: 'https://github.com/spooljs/spool/edit/main/website/',
          lastVersion: 'current',
          versions: {current: {label: '4.x'}},
        },
        blog: {showReadingTime: true},
        theme: {customCss: require.resolve('./src/css/custom.css')},
      }),
    ],
  ],

  themeConfig:
    /** @type {import('@docusaurus/preset-classic').ThemeConfig} */
    ({
      image: 'img/spool-social-card.png',
      navbar: {
        title: 'Spool',
        logo: {alt: 'Spool', src: 'img/logo.svg'},
        items: [
          {type: 'doc', docId: 'intro', position: 'left', label: 'Docs'},
          {type: 'doc', docId: 'api/queue', position: 'left', label: 'API'},
          {to: '/blog', label: 'Blog', position: 'left'},
          {href: 'https://github.com/spooljs/spool', label: 'GitHub', position: 'right'},
        ],
      },
      footer: {
        style: 'dark',
        links: [
          {title: 'Docs', items: [{label: 'Quick start', to: '/docs/getting-started/quick-start'}]},
          {title: 'Community', items: [{label: 'Discord', href: 'https://discord.gg/spooljs'}]},
        ],
        copyright: `Copyright © ${new Date().getFullYear()} The Spool authors. MIT licensed.`,
      },
      prism: {theme: themes.github, darkTheme: themes.dracula},
    }),
};

module.exports = config;
