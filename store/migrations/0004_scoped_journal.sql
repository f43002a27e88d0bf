-- Feedback and /gaps are scoped to where the answer was seen. public_id is
-- the unguessable id on the feedback buttons (sequential ids could be
-- guessed and voted on from anywhere); channel is where the answer was
-- posted; private marks /ask private:true answers, which only the asker
-- saw and which /gaps never lists.
ALTER TABLE questions ADD COLUMN public_id TEXT;
ALTER TABLE questions ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
-- Earlier rows did not record whether an /ask was private: keep them out
-- of /gaps rather than risk showing a private question.
UPDATE questions SET private = 1 WHERE command = 'ask';
CREATE UNIQUE INDEX questions_public_id ON questions(public_id);
CREATE INDEX questions_guild_asked ON questions(guild, asked_at);
