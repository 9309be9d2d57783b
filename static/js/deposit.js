/*
 * « Déposer des documents »: drag and drop, one upload per file with its progress and
 * its result. Enhances a form that works without it (a plain multi-file form): the
 * server checks everything again and answers each file with JSON.
 */
(function () {
  "use strict";

  function text(form, name) {
    return form.dataset[name] || "";
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // As the server writes sizes (dossiers/templatetags/portal.py, filesize_fr), in its units.
  function humanSize(form, bytes) {
    var units = text(form, "sizeUnits").split(",");
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return value.toFixed(unit === 0 || value >= 10 ? 0 : 1).replace(".", ",") + "\u00a0" + units[unit];
  }

  function addRow(list, file) {
    var row = document.createElement("li");
    row.className = "upload";
    var name = document.createElement("span");
    name.className = "upload__name";
    name.textContent = file.name + " (" + humanSize(list.closest("form"), file.size) + ")";
    var progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", file.name);
    var status = document.createElement("span");
    status.className = "upload__status";
    row.append(name, progress, status);
    list.append(row);
    return { row: row, progress: progress, status: status };
  }

  function finish(view, ok, message) {
    view.row.classList.add(ok ? "upload--done" : "upload--refused");
    view.progress.value = ok ? 100 : 0;
    view.progress.hidden = true;
    view.status.textContent = message;
  }

  function addToDepositList(form, file) {
    var list = document.querySelector("[data-deposit-list]");
    if (!list) {
      return;
    }
    var empty = document.querySelector("[data-deposit-empty]");
    if (empty) {
      empty.hidden = true;
    }
    list.hidden = false;
    var item = document.createElement("li");
    item.className = "item";
    var main = document.createElement("div");
    main.className = "item__main";
    var title = document.createElement("h3");
    title.className = "item__title";
    title.textContent = file.name;
    var meta = document.createElement("p");
    meta.className = "item__meta";
    meta.textContent = text(form, "labelJustDeposited") + " · " + file.size;
    main.append(title, meta);
    var actions = document.createElement("div");
    actions.className = "item__actions";
    if (file.url) {
      var link = document.createElement("a");
      link.className = "button button--secondary";
      link.href = file.url;
      link.setAttribute("download", "");
      link.textContent = text(form, "labelDownload");
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " : " + file.name;
      link.append(hidden);
      actions.append(link);
    } else {
      var status = document.createElement("span");
      status.className = "badge";
      status.textContent = file.status; // waiting for the antivirus
      actions.append(status);
    }
    item.append(main, actions);
    list.prepend(item);
  }

  function upload(form, file, view) {
    return new Promise(function (resolve) {
      var data = new FormData();
      var dossier = form.querySelector("select[name=dossier]");
      if (dossier) {
        data.append("dossier", dossier.value);
      }
      data.append("files", file, file.name);
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", csrfToken(form));
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          view.progress.value = Math.round((event.loaded / event.total) * 100);
        }
      });
      request.addEventListener("load", function () {
        var answer = null;
        try {
          answer = JSON.parse(request.responseText);
        } catch (error) {
          answer = null;
        }
        if (request.status === 200 && answer && answer.ok) {
          finish(view, true, text(form, "labelDone"));
          answer.files.forEach(function (stored) {
            addToDepositList(form, stored);
          });
        } else if (answer && answer.message) {
          finish(view, false, answer.message);
        } else if (request.status === 0) {
          finish(view, false, text(form, "labelRefused") + " : " + text(form, "labelNetwork"));
        } else {
          finish(view, false, text(form, "labelRefused") + " : " + text(form, "labelError"));
        }
        resolve();
      });
      request.addEventListener("error", function () {
        finish(view, false, text(form, "labelRefused") + " : " + text(form, "labelNetwork"));
        resolve();
      });
      view.status.textContent = text(form, "labelSending");
      request.send(data);
    });
  }

  function send(form, files) {
    var list = form.querySelector("[data-upload-list]");
    var maxSize = Number(form.dataset.maxFileSize);
    var maxFiles = Number(form.dataset.maxFiles);
    var dossier = form.querySelector("select[name=dossier]");
    if (dossier && !dossier.value) {
      dossier.setCustomValidity(text(form, "labelChooseDossier"));
      dossier.reportValidity();
      dossier.setCustomValidity("");
      dossier.focus();
      return;
    }
    var queue = Array.prototype.slice.call(files);
    var chain = Promise.resolve();
    queue.forEach(function (file, index) {
      var view = addRow(list, file);
      if (index >= maxFiles) {
        finish(view, false, text(form, "labelRefused") + " : " + text(form, "labelTooMany"));
      } else if (file.size === 0) {
        finish(view, false, text(form, "labelRefused") + " : " + text(form, "labelEmpty"));
      } else if (file.size > maxSize) {
        finish(view, false, text(form, "labelRefused") + " : " + text(form, "labelTooBig"));
      } else {
        chain = chain.then(function () {
          return upload(form, file, view);
        });
      }
    });
  }

  function enhance(form) {
    var zone = form.querySelector("[data-dropzone]");
    var input = form.querySelector("input[type=file]");
    var submitRow = form.querySelector("[data-submit-row]");
    if (!zone || !input || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    form.classList.add("deposit-form--enhanced");
    if (submitRow) {
      submitRow.hidden = true; // each file goes as soon as it is chosen
    }
    input.addEventListener("change", function () {
      if (input.files.length) {
        send(form, input.files);
        input.value = "";
      }
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dropzone--over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove("dropzone--over");
      });
    });
    zone.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) {
        send(form, event.dataTransfer.files);
      }
    });
  }

  document.querySelectorAll("form[data-deposit]").forEach(enhance);
})();
