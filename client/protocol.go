package client

//go:generate go run ../internal/protocol/cmd/protocoljs src/protocol.js
