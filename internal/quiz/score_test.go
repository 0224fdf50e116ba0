package quiz

import "testing"

func scoreQuiz(t *testing.T) *Quiz {
	t.Helper()
	q, errs := Parse("quiz id=s", []byte("? single\n- [ ] a\n- [x] b\n- [ ] c\n? multi\n- [x] a\n- [x] b\n- [ ] c\n"), 1)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	return q
}

func TestRight(t *testing.T) {
	q := scoreQuiz(t)
	single, multi := q.Questions[0], q.Questions[1]
	tests := []struct {
		name   string
		q      Question
		chosen []int
		want   bool
	}{
		{"single right", single, []int{1}, true},
		{"single wrong", single, []int{0}, false},
		{"single nothing", single, nil, false},
		{"single right plus wrong", single, []int{1, 2}, false},
		{"duplicates count once", single, []int{1, 1}, true},
		{"out of range", single, []int{1, 3}, false},
		{"negative", single, []int{-1}, false},
		{"multi all correct", multi, []int{0, 1}, true},
		{"multi any order", multi, []int{1, 0}, true},
		{"multi partly: no partial credit", multi, []int{0}, false},
		{"multi all options", multi, []int{0, 1, 2}, false},
	}
	for _, tt := range tests {
		if got := tt.q.Right(tt.chosen); got != tt.want {
			t.Errorf("%s: Right(%v) = %v; want %v", tt.name, tt.chosen, got, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	q := scoreQuiz(t)
	tests := []struct {
		answers      [][]int
		right, total int
	}{
		{nil, 0, 2},
		{[][]int{{1}}, 1, 2},
		{[][]int{{1}, {0, 1}}, 2, 2},
		{[][]int{{}, {1, 0}}, 1, 2},
		{[][]int{{0}, {0}}, 0, 2},
		{[][]int{{1}, {0, 1}, {0}}, 2, 2}, // extra answers ignored
	}
	for _, tt := range tests {
		if r, n := q.Score(tt.answers); r != tt.right || n != tt.total {
			t.Errorf("Score(%v) = %d, %d; want %d, %d", tt.answers, r, n, tt.right, tt.total)
		}
	}
}

func TestCourseScore(t *testing.T) {
	a := scoreQuiz(t)
	b, errs := Parse("quiz id=t", []byte("? one\n- [x] a\n- [ ] b\n"), 1)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	r, n := CourseScore([]*Quiz{a, b}, map[string][][]int{"s": {{1}, {0}}, "t": {{0}}})
	if r != 2 || n != 3 {
		t.Errorf("CourseScore = %d, %d; want 2, 3", r, n)
	}
}

func TestPercentAndPassed(t *testing.T) {
	tests := []struct {
		right, total, pass int
		percent            int
		passed             bool
	}{
		{0, 0, 80, 0, false},
		{8, 10, 80, 80, true},
		{7, 10, 80, 70, false},
		{7, 9, 80, 78, false}, // 77.8 %: not enough
		{8, 9, 80, 89, true},
		{1, 8, 10, 13, true},  // 12.5 rounds up
		{2, 3, 67, 67, false}, // shown as 67 %, but 66.7 < 67
		{0, 5, 0, 0, true},
		{5, 5, 100, 100, true},
	}
	for _, tt := range tests {
		if got := Percent(tt.right, tt.total); got != tt.percent {
			t.Errorf("Percent(%d, %d) = %d; want %d", tt.right, tt.total, got, tt.percent)
		}
		if got := Passed(tt.right, tt.total, tt.pass); got != tt.passed {
			t.Errorf("Passed(%d, %d, %d) = %v; want %v", tt.right, tt.total, tt.pass, got, tt.passed)
		}
	}
}
