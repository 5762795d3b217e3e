package protocol

import (
	"bytes"
	"fmt"
)

// JS returns the ES module client/src/protocol.js: the constants of this
// package under the same names.
func JS() []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated from internal/protocol by `go generate ./client`; DO NOT EDIT.\n")
	group := func(comment string, entries [][2]any) {
		fmt.Fprintf(&b, "\n/** %s */\n", comment)
		for _, e := range entries {
			switch v := e[1].(type) {
			case int:
				fmt.Fprintf(&b, "export const %s = %d;\n", e[0], v)
			case string:
				fmt.Fprintf(&b, "export const %s = %q;\n", e[0], v)
			}
		}
	}
	group("Close codes.", [][2]any{
		{"CloseNormal", CloseNormal}, {"CloseUnsupported", CloseUnsupported},
		{"CloseMalformed", CloseMalformed}, {"ClosePolicy", ClosePolicy},
		{"CloseTooLarge", CloseTooLarge}, {"CloseRestart", CloseRestart},
		{"CloseReload", CloseReload}, {"CloseBinding", CloseBinding},
		{"CloseBusy", CloseBusy}, {"CloseProtocol", CloseProtocol},
	})
	group("Keys of an update.", [][2]any{
		{"KeySeq", KeySeq}, {"KeyAck", KeyAck}, {"KeySession", KeySession},
		{"KeyReload", KeyReload}, {"KeyError", KeyError}, {"KeyRoot", KeyRoot},
		{"KeyList", KeyList}, {"KeyPatches", KeyPatches}, {"KeySignals", KeySignals},
		{"KeyEffects", KeyEffects},
	})
	group("Keys of the effects object.", [][2]any{
		{"EffectTitle", EffectTitle}, {"EffectURL", EffectURL}, {"EffectReplace", EffectReplace},
		{"EffectToast", EffectToast}, {"EffectFlash", EffectFlash}, {"EffectAnnounce", EffectAnnounce},
		{"EffectScroll", EffectScroll}, {"EffectDownload", EffectDownload}, {"EffectFocus", EffectFocus},
	})
	group("Keys of a client event.", [][2]any{
		{"KeyEventType", KeyEventType}, {"KeyEventAction", KeyEventAction},
		{"KeyEventData", KeyEventData}, {"KeyEventID", KeyEventID},
	})
	group("Protocol event types.", [][2]any{
		{"EventConnect", EventConnect}, {"EventNavigate", EventNavigate},
		{"EventResync", EventResync}, {"EventWarn", EventWarn},
	})
	group("Kinds of a warn event.", [][2]any{{"WarnUnsafeURL", WarnUnsafeURL}})
	return b.Bytes()
}
