// @ts-check
/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Kiln',
  tagline: 'A fast static site generator written in Rust',
  url: 'https://kiln.rs',
  baseUrl: '/',
  onBrokenLinks: 'throw',
  presets: [
    [
      'classic',
      ({
        docs: {
          sidebarPath: require.resolve('./sidebars.js'),
          editUrl: 'https://github.com/kiln-rs/kiln/edit/main/',
        },
        blog: false,
      }),
    ],
  ],
};

module.exports = config;
