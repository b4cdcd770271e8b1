import type {Config} from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import {themes as prismThemes} from 'prism-react-renderer';

const config: Config = {
  title: 'Quill',
  tagline: 'Type-safe schemas and forms for TypeScript',
  favicon: 'img/favicon.svg',
  url: 'https://quilljs.dev',
  baseUrl: '/',
  organizationName: 'quill-forms',
  projectName: 'quill',
  onBrokenLinks: 'throw',
  onBrokenMarkdownLinks: 'warn',

  presets: [
    [
      'classic',
      {
        docs: {
          sidebarPath: './sidebars.js',
          routeBasePath: '/docs',
          editUrl: 'https://github.com/quill-forms/quill/tree/main/website/',
          lastVersion: 'current',
          versions: {current: {label: '3.x'}},
        },
        blog: {
          path: 'blog',
          blogTitle: 'Quill blog',
          showReadingTime: true,
        },
        theme: {customCss: './src/css/custom.css'},
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    colorMode: {respectPrefersColorScheme: true},
    navbar: {
      title: 'Quill',
      logo: {alt: 'Quill', src: 'img/logo.svg'},
      items: [
        {type: 'docSidebar', sidebarId: 'docs', label: 'Docs', position: 'left'},
        {type: 'doc', docId: 'api/core-schema-builders', label: 'API', position: 'left'},
        {to: '/blog', label: 'Blog', position: 'left'},
        {href: 'https://github.com/quill-forms/quill', label: 'GitHub', position: 'right'},
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {title: 'Docs', items: [{label: 'Quick start', to: '/docs/getting-started/quick-start'}]},
        {title: 'Community', items: [{label: 'Discord', href: 'https://discord.gg/quilljs'}]},
      ],
      copyright: `Copyright © ${new Date().getFullYear()} Quill contributors. MIT licensed.`,
    },
    algolia: {appId: 'Q1LLDOCS42', apiKey: 'public-search-key', indexName: 'quilljs'},
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['bash', 'json', 'tsx'],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
