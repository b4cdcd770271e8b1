-- Why the model stopped (`stop`, `length`, `refusal`, …), kept so that a retried job that reuses
-- a stored answer judges it the same way as the first attempt did.
ALTER TABLE llm_calls ADD COLUMN finish_reason TEXT;
