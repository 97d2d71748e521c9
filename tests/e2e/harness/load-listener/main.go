// Command load-listener holds many headless LiveKit listeners in one process, for the load test
// (see ../load-listeners.ts, which builds and drives it). Each listener connects with a token its
// parent got from the rooms service (the same join route the extension uses), subscribes to the
// room's audio and counts the RTP it receives, without decoding it: the listeners cost little CPU, so
// on a small machine the cores go to what is measured (LiveKit, the service, the extension).
//
// Commands, one JSON object per line on stdin:
//
//	{"type":"connect","index":3,"url":"ws://…","token":"…"}
//	{"type":"stats"}
//	{"type":"leave"}
//
// Replies, one JSON object per line on stdout: {"type":"ready"}; {"type":"connected","index",
// "connectMs","subscribedMs"} or {"type":"failed","index","error"}; {"type":"dropped","index"} when
// LiveKit disconnects a listener unasked; {"type":"stats","listeners":[…]}; {"type":"left"}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
)

const (
	// As livekit-client's default peer connection timeout (the SDK's own default is 5 s).
	connectTimeout   = 15 * time.Second
	subscribeTimeout = 30 * time.Second
)

type command struct {
	Type  string `json:"type"`
	Index int    `json:"index"`
	URL   string `json:"url"`
	Token string `json:"token"`
}

type traffic struct {
	Index           int   `json:"index"`
	Connected       bool  `json:"connected"`
	Read            bool  `json:"read"`
	BytesReceived   int64 `json:"bytesReceived"`
	PacketsReceived int64 `json:"packetsReceived"`
	At              int64 `json:"at"`
}

type listener struct {
	index   int
	room    *lksdk.Room
	bytes   atomic.Int64
	packets atomic.Int64
}

var (
	out       = json.NewEncoder(os.Stdout)
	outLock   sync.Mutex
	listeners sync.Map // index → *listener
	leaving   atomic.Bool
)

func send(reply map[string]any) {
	outLock.Lock()
	defer outLock.Unlock()
	_ = out.Encode(reply)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func connect(c command) {
	l := &listener{index: c.Index}
	subscribed := make(chan time.Time, 1)
	start := time.Now()
	callback := lksdk.NewRoomCallback()
	callback.ParticipantCallback.OnTrackSubscribed = func(track *webrtc.TrackRemote, _ *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
		if track.Kind() != webrtc.RTPCodecTypeAudio {
			return
		}
		select {
		case subscribed <- time.Now():
		default:
		}
		go func() {
			buffer := make([]byte, 1500)
			for {
				n, _, err := track.Read(buffer)
				if err != nil {
					return
				}
				l.bytes.Add(int64(n))
				l.packets.Add(1)
			}
		}()
	}
	callback.OnDisconnected = func() {
		if !leaving.Load() {
			send(map[string]any{"type": "dropped", "index": c.Index})
		}
	}
	room, err := lksdk.ConnectToRoomWithToken(c.URL, c.Token, callback, lksdk.WithAutoSubscribe(true), lksdk.WithConnectTimeout(connectTimeout))
	if err != nil {
		send(map[string]any{"type": "failed", "index": c.Index, "error": err.Error()})
		return
	}
	connected := time.Since(start)
	l.room = room
	listeners.Store(c.Index, l)
	select {
	case at := <-subscribed:
		send(map[string]any{"type": "connected", "index": c.Index, "connectMs": ms(connected), "subscribedMs": ms(at.Sub(start))})
	case <-time.After(subscribeTimeout):
		send(map[string]any{"type": "failed", "index": c.Index, "error": fmt.Sprintf("no audio track subscribed within %v", subscribeTimeout)})
	}
}

func stats() {
	all := []traffic{}
	listeners.Range(func(_, value any) bool {
		l := value.(*listener)
		connected := l.room.ConnectionState() == lksdk.ConnectionStateConnected
		all = append(all, traffic{
			Index:           l.index,
			Connected:       connected,
			Read:            connected,
			BytesReceived:   l.bytes.Load(),
			PacketsReceived: l.packets.Load(),
			At:              time.Now().UnixMilli(),
		})
		return true
	})
	sort.Slice(all, func(i, j int) bool { return all[i].Index < all[j].Index })
	send(map[string]any{"type": "stats", "listeners": all})
}

func leave() {
	leaving.Store(true)
	var wg sync.WaitGroup
	listeners.Range(func(key, value any) bool {
		wg.Add(1)
		go func() {
			defer wg.Done()
			value.(*listener).room.Disconnect()
		}()
		listeners.Delete(key)
		return true
	})
	wg.Wait()
	send(map[string]any{"type": "left"})
}

func main() {
	// The SDK logs every connection; errors that matter come back as replies.
	lksdk.SetLogger(protoLogger.LogRLogger(logr.Discard()))
	send(map[string]any{"type": "ready"})
	lines := bufio.NewScanner(os.Stdin)
	lines.Buffer(make([]byte, 64*1024), 1024*1024)
	for lines.Scan() {
		var c command
		if err := json.Unmarshal(lines.Bytes(), &c); err != nil {
			fmt.Fprintf(os.Stderr, "load-listener: bad command: %v\n", err)
			continue
		}
		switch c.Type {
		case "connect":
			go connect(c)
		case "stats":
			stats()
		case "leave":
			leave()
		}
	}
	// stdin closed: the parent is gone.
	leaving.Store(true)
	listeners.Range(func(_, value any) bool {
		value.(*listener).room.Disconnect()
		return true
	})
}
