package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/docbot/docbot/config"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// composeService returns the lines of one service in a compose file.
func composeService(compose, name string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(compose, "\n") {
		switch {
		case l == "  "+name+":":
			in = true
		case in && (strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   ") || !strings.HasPrefix(l, " ")):
			return out
		case in:
			out = append(out, l)
		}
	}
	return out
}

var settingEnv = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range config.Settings {
		m[s.Env] = true
	}
	return m
}()

// The README's docker and compose lines set what the container needs: the
// token, the database volume, DOCBOT_CORPUS wherever a corpus is mounted
// (else the embedded articles are served), the model that is pulled, and
// the build args that stamp the version.
func TestREADMEDeployLinesNameWhatTheContainerNeeds(t *testing.T) {
	readme := readFile(t, "../../README.md")
	compose := readFile(t, "../../compose.yaml")
	if !strings.Contains(readme, "```yaml\n"+compose+"```") {
		t.Error("README's compose block differs from compose.yaml")
	}

	var runs, builds int
	for _, line := range strings.Split(strings.ReplaceAll(readme, "\\\n", " "), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "docker build") {
			builds++
			for _, want := range []string{"--build-arg DOCBOT_VERSION=", "--build-arg DOCBOT_COMMIT="} {
				if !strings.Contains(line, want) {
					t.Errorf("%q lacks %s", line, want)
				}
			}
		}
		if !strings.HasPrefix(line, "docker run") {
			continue
		}
		runs++
		for _, want := range []string{"-e DISCORD_TOKEN=", "-v docbot-data:/data"} {
			if !strings.Contains(line, want) {
				t.Errorf("%q lacks %s", line, want)
			}
		}
		if strings.Contains(line, ":/corpus") && !strings.Contains(line, "-e DOCBOT_CORPUS=/corpus") {
			t.Errorf("%q mounts a corpus without DOCBOT_CORPUS=/corpus: it would serve the embedded articles", line)
		}
		for _, m := range regexp.MustCompile(`-e ([A-Z_]+)=`).FindAllStringSubmatch(line, -1) {
			if !settingEnv[m[1]] {
				t.Errorf("%q sets %s, which is no setting", line, m[1])
			}
		}
	}
	if runs < 2 || builds < 1 {
		t.Fatalf("found %d docker run and %d docker build lines in the README", runs, builds)
	}

	bot := strings.Join(composeService(compose, "docbot"), "\n")
	env := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^ {6,8}([A-Z_]+): (.*)$`).FindAllStringSubmatch(bot, -1) {
		env[m[1]] = m[2]
	}
	for _, want := range []string{"DISCORD_TOKEN", "OPENAI_BASE_URL", "DOCBOT_MODEL", "DOCBOT_VERSION", "DOCBOT_COMMIT"} {
		if env[want] == "" {
			t.Errorf("compose's docbot service lacks %s", want)
		}
	}
	for k := range env {
		if !settingEnv[k] && k != "DOCBOT_VERSION" && k != "DOCBOT_COMMIT" {
			t.Errorf("compose sets %s, which is no setting", k)
		}
	}
	if strings.Contains(bot, ":/corpus") && env["DOCBOT_CORPUS"] != "/corpus" {
		t.Error("compose mounts ./articles on /corpus without DOCBOT_CORPUS: /corpus")
	}
	pull := strings.Join(composeService(compose, "ollama-pull"), "\n")
	if !strings.Contains(pull, `"ollama", "pull", "`+env["DOCBOT_MODEL"]+`"`) {
		t.Errorf("compose does not pull the model docbot uses (%s):\n%s", env["DOCBOT_MODEL"], pull)
	}
	if !strings.Contains(readme, "ollama pull") {
		t.Error("the README does not say the model is pulled")
	}
}

// The Dockerfile hands its build args to scripts/build.sh, and the script
// stamps them into the binary.
func TestDockerBuildArgsStampTheVersion(t *testing.T) {
	df := readFile(t, "../../Dockerfile")
	for _, want := range []string{"ARG DOCBOT_VERSION", "ARG DOCBOT_COMMIT", "DOCBOT_VERSION=${DOCBOT_VERSION} DOCBOT_COMMIT=${DOCBOT_COMMIT} scripts/build.sh"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if testing.Short() || raceEnabled {
		// Under -race (CI), .ci/run checks the stamp on its own build: a
		// build here would only slow the timing-sensitive tests beside it.
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "docbot")
	cmd := exec.Command("../../scripts/build.sh", bin)
	cmd.Env = append(os.Environ(), "DOCBOT_VERSION=v9.8.7-test", "DOCBOT_COMMIT=abc1234")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/build.sh: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "docbot v9.8.7-test (commit abc1234)") || !strings.Contains(string(out), "FTS5: yes") {
		t.Errorf("version: %v %s", err, out)
	}
}

// Without a C compiler, the build names cgo and the compiler and says how
// to install one, instead of stopping at "undefined: sqlite3.Error".
func TestBuildWithoutCgoNamesIt(t *testing.T) {
	cmd := exec.Command("../../scripts/build.sh", filepath.Join(t.TempDir(), "docbot"))
	cmd.Env = append(os.Environ(), "CC=docbot-no-such-compiler")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("scripts/build.sh built without a C compiler")
	}
	for _, want := range []string{"cgo", "C compiler", "docbot-no-such-compiler", "apt-get install gcc", "xcode-select --install", "apk add build-base"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("scripts/build.sh output lacks %q:\n%s", want, out)
		}
	}
	// A plain go build: Go turns cgo off when it finds no compiler. Under
	// -race (CI), .ci/run does this build itself, outside the tests.
	if testing.Short() || raceEnabled {
		return
	}
	cmd = exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", os.DevNull, "./store")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err = cmd.CombinedOutput()
	if err == nil {
		t.Fatal("store built without cgo")
	}
	first := strings.SplitN(string(out), "\n", 3)
	if len(first) < 2 || !strings.Contains(first[1], "needs_cgo") || !strings.Contains(first[1], "C_compiler") {
		t.Errorf("the first error does not name cgo and the C compiler:\n%s", out)
	}
}
