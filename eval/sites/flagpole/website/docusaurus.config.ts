import type {Config} from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import {themes as prismThemes} from 'prism-react-renderer';

const config: Config = {
  title: 'Flagpole',
  tagline: 'Open-source feature flags you can self-host',
  favicon: 'img/favicon.svg',
  url: 'https://flagpole.dev',
  baseUrl: '/',
  organizationName: 'flagpole-oss',
  projectName: 'flagpole',
  onBrokenLinks: 'throw',
  onBrokenMarkdownLinks: 'warn',
  future: {experimental_faster: false},

  presets: [
    [
      'classic',
      {
        docs: {
          sidebarPath: './sidebars.js',
          routeBasePath: '/docs',
          editUrl: 'https://github.com/flagpole-oss/flagpole/tree/main/website/',
          remarkPlugins: [],
        },
        blog: {
          path: 'blog',
          blogTitle: 'Flagpole blog',
        },
        theme: {customCss: './src/css/custom.css'},
        sitemap: {changefreq: 'weekly'},
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    colorMode: {respectPrefersColorScheme: true},
    navbar: {
      title: 'Flagpole',
      logo: {alt: 'Flagpole', src: 'img/logo.svg'},
      items: [
        {type: 'docSidebar', sidebarId: 'main', label: 'Docs', position: 'left'},
        {type: 'doc', docId: 'api/rest-api', label: 'API', position: 'left'},
        {to: '/blog', label: 'Blog', position: 'left'},
        {href: 'https://github.com/flagpole-oss/flagpole', label: 'GitHub', position: 'right'},
      ],
    },
    prism: {
      theme: prismThemes.oneLight,
      darkTheme: prismThemes.oneDark,
      additionalLanguages: ['bash', 'yaml', 'json'],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
