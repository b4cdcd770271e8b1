// @ts-check
import {themes as prismThemes} from 'prism-react-renderer';

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Strata',
  tagline: 'Plain-SQL database migrations, done carefully',
  favicon: 'img/favicon.ico',
  url: 'https://strata.rs',
  baseUrl: '/',
  organizationName: 'strata-rs',
  projectName: 'strata',
  onBrokenLinks: 'throw',
  onBrokenMarkdownLinks: 'warn',
  i18n: {defaultLocale: 'en', locales: ['en']},

  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: {
          path: 'docs',
          sidebarPath: './sidebars.js',
          routeBasePath: 'docs',
          editUrl: 'https://github.com/strata-rs/strata/edit/main/',
        },
        blog: false,
        theme: {customCss: './website-src/custom.css'},
      }),
    ],
  ],

  themeConfig:
    /** @type {import('@docusaurus/preset-classic').ThemeConfig} */
    ({
      navbar: {
        title: 'Strata',
        items: [
          {type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs'},
          {href: 'https://docs.rs/strata-core', label: 'docs.rs', position: 'right'},
          {href: 'https://github.com/strata-rs/strata', label: 'GitHub', position: 'right'},
        ],
      },
      prism: {
        theme: prismThemes.github,
        darkTheme: prismThemes.dracula,
        additionalLanguages: ['rust', 'toml', 'sql', 'bash'],
      },
    }),
};

export default config;
