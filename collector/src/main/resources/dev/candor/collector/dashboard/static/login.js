'use strict';
// The login page's only script: applies the saved theme and says when the last attempt failed.
(function () {
  const theme = localStorage.getItem('candor.theme');
  if (theme === 'dark' || theme === 'light') {
    document.documentElement.dataset.theme = theme;
  }
  if (location.hash === '#failed') {
    document.getElementById('failed').hidden = false;
  }
})();
