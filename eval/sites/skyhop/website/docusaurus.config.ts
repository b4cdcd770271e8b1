import {themes as prismThemes} from 'prism-react-renderer';
import type {Config} from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';

const config: Config = {
  title: 'Skyhop',
  tagline: 'Deploy static sites to the edge in one command',
  favicon: 'img/favicon.ico',
  url: 'https://docs.skyhop.dev',
  baseUrl: '/',
  organizationName: 'skyhop-dev',
  projectName: 'skyhop',
  onBrokenLinks: 'throw',
  onBrokenMarkdownLinks: 'warn',
  i18n: {defaultLocale: 'en', locales: ['en']},

  presets: [
    [
      'classic',
      {
        docs: {
          path: 'docs',
          routeBasePath: 'docs',
          sidebarPath: './sidebars.js',
          editUrl: 'https://github.com/skyhop-dev/skyhop/tree/main/website/',
          showLastUpdateTime: true,
        },
        blog: false,
        theme: {customCss: './src/css/custom.css'},
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    navbar: {
      title: 'Skyhop',
      logo: {alt: 'Skyhop logo', src: 'img/logo.svg'},
      items: [
        {type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs'},
        {to: '/docs/cli/overview', label: 'CLI', position: 'left'},
        {href: 'https://github.com/skyhop-dev/skyhop', label: 'GitHub', position: 'right'},
      ],
    },
    footer: {
      style: 'dark',
      copyright: `Copyright © ${new Date().getFullYear()} Skyhop Labs.`,
    },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['toml', 'bash'],
    },
    algolia: {appId: 'SKYHOPDOCS', apiKey: 'public-search-key', indexName: 'skyhop'},
  } satisfies Preset.ThemeConfig,
};

export default config;
