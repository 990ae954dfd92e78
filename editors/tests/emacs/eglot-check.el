;;; eglot-check.el --- headless Emacs + eglot against claimls  -*- lexical-binding: t -*-
;;
;; emacs --batch --no-init-file -l eglot-check.el (site files load: Debian registers elpa-eglot there), with in the environment:
;;   CLAIMLS_README   editors/README.md: its ```elisp block is the setup under test
;;   CLAIMLS_FIXTURE  a .claim file whose line 8 is `line 2026-11-02 77372-TC ...`
;; `claimls` must be on PATH (that is what the README snippet runs).
;; Prints one line per check; exits 0 when all passed, 1 otherwise.

(require 'cl-lib)
(require 'package)
(package-initialize)
(require 'eglot)

(defvar check-failed nil)
(defun check (ok what)
  (princ (format "[emacs eglot] %s: %s\n" (if ok "ok" "FAIL") what))
  (unless ok (setq check-failed t) (kill-emacs 1)))

(defun wait-until (pred &optional seconds)
  (let ((deadline (+ (float-time) (or seconds 15))))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

;; 1. Evaluate the README's ```elisp block, as a user pastes it.
(let ((snippet
       (with-temp-buffer
         (insert-file-contents (getenv "CLAIMLS_README"))
         (goto-char (point-min))
         (unless (re-search-forward "^```elisp\n\\(\\(?:.\\|\n\\)*?\\)\n```" nil t)
           (check nil "README has an ```elisp block"))
         (match-string 1))))
  (with-temp-buffer
    (insert snippet)
    (goto-char (point-min))
    (condition-case nil
        (while t (eval (read (current-buffer)) t))
      (end-of-file nil))))
(check (fboundp 'claim-mode) "README snippet defines claim-mode")
(check (assoc 'claim-mode eglot-server-programs) "README snippet registers claimls in eglot-server-programs")

;; 2. Open the fixture: claim-mode from auto-mode-alist, then eglot.
(find-file (getenv "CLAIMLS_FIXTURE"))
(check (eq major-mode 'claim-mode) (format "*.claim opens in claim-mode (got %s)" major-mode))
(apply #'eglot (eglot--guess-contact))
(check (wait-until (lambda () (eglot-current-server))) "eglot connected to claimls")
(defvar server (eglot-current-server))
(check (equal (plist-get (eglot--server-info server) :name) "claimls") "server says it is claimls")

(defun pctc-diags ()
  (cl-remove-if-not (lambda (d) (string-match-p "\\[pctc-indicator\\]" (flymake-diagnostic-text d)))
                    eglot--diagnostics))

;; 3. Diagnostics: pctc-indicator on the `TC` of 77372-TC.
(check (wait-until (lambda () (pctc-diags))) "pctc-indicator diagnostic received")
(let ((d (car (pctc-diags))))
  (check (equal (buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d)) "TC")
         "diagnostic covers `TC`"))

;; 4. Hover on 77372.
(goto-char (point-min))
(search-forward "77372")
(backward-char 2)
(let* ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
       (contents (plist-get hover :contents))
       (value (if (stringp contents) contents (plist-get contents :value))))
  (check (and value (string-match-p (regexp-quote "**77372**") value)) "hover contains **77372**")
  (check (string-match-p (regexp-quote "PC/TC indicator") value) "hover contains PC/TC indicator"))

;; 5. Remove `-TC` (eglot sends didChange from an idle timer, which batch
;;    mode never runs: send it now).
(goto-char (point-min))
(search-forward "77372-TC")
(delete-char -3)
(eglot--signal-textDocument/didChange)
(check (wait-until (lambda () (null (pctc-diags)))) "diagnostic gone after removing -TC")

;; 6. Shutdown + exit: the process ends by itself with status 0. (Sent by
;;    hand: eglot-shutdown on Emacs 28 deletes the process right after `exit`
;;    without waiting, so the status would be SIGKILL's whatever the server did.)
(defvar proc (jsonrpc--process server))
(setf (eglot--shutdown-requested server) t)
(check (null (jsonrpc-request server :shutdown nil :timeout 5)) "shutdown answered")
(jsonrpc-notify server :exit nil)
(check (wait-until (lambda () (not (process-live-p proc))) 5) "server process ended after exit")
(check (eq (process-exit-status proc) 0) (format "server exit status 0 (got %s)" (process-exit-status proc)))

(set-buffer-modified-p nil)
(princ "[emacs eglot] all checks passed\n")
(kill-emacs 0)
