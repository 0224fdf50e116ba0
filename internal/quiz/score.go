package quiz

// Scoring, shared by the Go side and the browser. quiz.js and the SCORM
// adapter implement exactly these rules; keep them in step:
//
//   - A question is right only when the chosen options are exactly its
//     correct options: no partial credit, for single- and multi-answer
//     questions alike. An unanswered question is wrong.
//   - A quiz's score is the number of questions answered right, out of the
//     number of questions.
//   - A course's score adds up all questions of all quizzes on the course
//     page, so every question weighs the same whichever quiz it is in.
//   - The course is passed when right*100 >= pass*total, in whole numbers,
//     so 80 % of 9 questions needs 8 right (7.2 is not enough).
//   - A score shown as a percent is rounded half up (Math.round in JS).

// DefaultPass is the percent a course needs when its page sets no pass.
const DefaultPass = 80

// Right reports whether chosen, the indexes of the options picked (in any
// order; duplicates count once), is exactly the set of correct options.
func (q Question) Right(chosen []int) bool {
	picked := make(map[int]bool, len(chosen))
	for _, c := range chosen {
		if c < 0 || c >= len(q.Options) || !q.Options[c].Correct {
			return false
		}
		picked[c] = true
	}
	for i, o := range q.Options {
		if o.Correct && !picked[i] {
			return false
		}
	}
	return true
}

// Score counts the questions answered right. answers[i] holds the option
// indexes chosen for question i; a missing or empty answer is wrong, and
// answers beyond the last question are ignored.
func (q *Quiz) Score(answers [][]int) (right, total int) {
	for i, qu := range q.Questions {
		if i < len(answers) && len(answers[i]) > 0 && qu.Right(answers[i]) {
			right++
		}
	}
	return right, len(q.Questions)
}

// CourseScore scores the quizzes of a course page together. answers maps a
// quiz id to that quiz's answers, as for Score.
func CourseScore(quizzes []*Quiz, answers map[string][][]int) (right, total int) {
	for _, q := range quizzes {
		r, t := q.Score(answers[q.ID])
		right += r
		total += t
	}
	return right, total
}

// Percent returns right out of total as a whole percent, rounded half up;
// 0 when total is 0.
func Percent(right, total int) int {
	if total <= 0 {
		return 0
	}
	return (right*100 + total/2) / total
}

// Passed reports whether right out of total reaches pass percent. Nothing
// is passed with no questions.
func Passed(right, total, pass int) bool {
	return total > 0 && right*100 >= pass*total
}
