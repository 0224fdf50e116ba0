// Fixture script: sets a cookie, which a privacy gate must catch.
document.cookie = "tracker=1; path=/";
