/* Saving a chart or the map as a file, without any request: everything is drawn in the page. */
(function () {
  "use strict";

  function download(href, name) {
    var link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function svgText(svg) {
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    // Leaflet positions its SVG with a CSS transform; a file needs the offset in the view box.
    var box = svg.viewBox.baseVal;
    var width = svg.width.baseVal.value, height = svg.height.baseVal.value;
    copy.removeAttribute("style");
    var background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    background.setAttribute("x", box.x);
    background.setAttribute("y", box.y);
    background.setAttribute("width", width);
    background.setAttribute("height", height);
    background.setAttribute("fill", "#dfe9f2");
    copy.insertBefore(background, copy.firstChild);
    return new XMLSerializer().serializeToString(copy);
  }

  function svgDataUrl(text) {
    return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }

  function svgAsPng(text, width, height, name) {
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      canvas.getContext("2d").drawImage(image, 0, 0);
      download(canvas.toDataURL("image/png"), name);
    };
    image.src = svgDataUrl(text);
  }

  window.salwExports = {
    download: download,
    svgText: svgText,
    saveSvg: function (svg, name) { download(svgDataUrl(svgText(svg)), name); },
    savePng: function (svg, name) {
      svgAsPng(svgText(svg), svg.width.baseVal.value, svg.height.baseVal.value, name);
    },
    saveCanvas: function (canvas, name) { download(canvas.toDataURL("image/png"), name); }
  };
})();
