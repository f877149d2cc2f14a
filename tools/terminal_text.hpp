// Text from outside (the service's messages, log ids and voice names, file names, a file's
// stream titles) on a terminal: its control characters are shown, never obeyed. A server or a
// file name could otherwise clear the screen, set the window title, move the cursor or fake a
// line ("cloned"). JSON output is not passed through here: it stays exact (json escapes them).
#pragma once

#include <string>
#include <string_view>

namespace voxclone::cli {

/// `text` with every C0 control but the line break and the tab, DEL, every C1 control
/// (U+0080–U+009F) and every byte that is not UTF-8 written as \xNN (a CR as \r), so what is
/// printed is what was said. For texts the CLI composed itself, which may hold its own lines.
std::string terminal_safe(std::string_view text);
/// The same, and the line break as \n too: a value from outside shown within one line (a voice
/// name, an id, a file name) can never start a line of its own.
std::string one_line(std::string_view text);

}  // namespace voxclone::cli
